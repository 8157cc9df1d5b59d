import { describe, expect, it } from 'vitest'
import { pageWindow } from './pagination'
import { psbRecordCode } from './site-footer'
import { currentNavUrl } from './site-header'

describe('pageWindow', () => {
  it('shows first, last and the neighbourhood with gaps', () => {
    expect(pageWindow(1, 1)).toEqual([1])
    expect(pageWindow(6, 20)).toEqual([1, null, 4, 5, 6, 7, 8, null, 20])
    expect(pageWindow(2, 5)).toEqual([1, 2, 3, 4, 5])
  })
})

describe('currentNavUrl', () => {
  const items = [
    { label: '首页', url: '/' },
    { label: '新闻', url: '/sections/news' },
    { label: '专题', url: '/topics' },
    { label: '外链', url: 'https://example.org' },
  ]
  it('marks the longest matching path, the home page only at /', () => {
    expect(currentNavUrl(items, '/')).toBe('/')
    expect(currentNavUrl(items, '/sections/news')).toBe('/sections/news')
    expect(currentNavUrl(items, '/topics/keji-zhengce')).toBe('/topics')
    expect(currentNavUrl(items, '/topicsx')).toBeNull()
  })
})

describe('psbRecordCode', () => {
  it('extracts the record number for the registry lookup', () => {
    expect(psbRecordCode('沪公网安备31010702001234号')).toBe('31010702001234')
    expect(psbRecordCode('备案中')).toBeNull()
  })
})
