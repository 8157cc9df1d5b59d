import { describe, expect, it } from 'vitest'
import { conditionalResponse, etagOf, isNotModified } from './cache-headers.server'

const LAST = new Date('2026-11-27T03:21:46.267Z')
const request = (headers: Record<string, string> = {}, method = 'GET') =>
  new Request('http://x/feed.xml', { method, headers })

describe('etagOf', () => {
  it('is a quoted strong validator that changes with the body', () => {
    expect(etagOf('a')).toMatch(/^"[A-Za-z0-9_-]{32}"$/)
    expect(etagOf('a')).toBe(etagOf('a'))
    expect(etagOf('a')).not.toBe(etagOf('b'))
  })
})

describe('isNotModified', () => {
  const etag = etagOf('body')
  it('matches If-None-Match lists, weak tags and *', () => {
    expect(isNotModified(new Headers({ 'If-None-Match': etag }), { etag, lastModified: LAST })).toBe(true)
    expect(isNotModified(new Headers({ 'If-None-Match': `"x", W/${etag}` }), { etag, lastModified: LAST })).toBe(true)
    expect(isNotModified(new Headers({ 'If-None-Match': '*' }), { etag, lastModified: LAST })).toBe(true)
    expect(isNotModified(new Headers({ 'If-None-Match': '"other"' }), { etag, lastModified: LAST })).toBe(false)
  })
  it('lets If-None-Match win over If-Modified-Since (RFC 9110)', () => {
    const headers = new Headers({
      'If-None-Match': '"other"',
      'If-Modified-Since': new Date('2030-01-01').toUTCString(),
    })
    expect(isNotModified(headers, { etag, lastModified: LAST })).toBe(false)
  })
  it('compares If-Modified-Since at whole seconds', () => {
    expect(isNotModified(new Headers({ 'If-Modified-Since': LAST.toUTCString() }), { etag, lastModified: LAST })).toBe(
      true,
    )
    const before = new Date(LAST.getTime() - 1000).toUTCString()
    expect(isNotModified(new Headers({ 'If-Modified-Since': before }), { etag, lastModified: LAST })).toBe(false)
    expect(isNotModified(new Headers({ 'If-Modified-Since': 'garbage' }), { etag, lastModified: LAST })).toBe(false)
    expect(isNotModified(new Headers({ 'If-Modified-Since': LAST.toUTCString() }), { etag, lastModified: null })).toBe(
      false,
    )
  })
})

describe('conditionalResponse', () => {
  it('answers 200 with validators, then 304 with none of the body', async () => {
    const first = conditionalResponse(request(), '<rss/>', {
      contentType: 'application/rss+xml; charset=utf-8',
      lastModified: LAST,
    })
    expect(first.status).toBe(200)
    expect(first.headers.get('Last-Modified')).toBe(LAST.toUTCString())
    expect(first.headers.get('Cache-Control')).toMatch(/public/)
    const etag = first.headers.get('ETag')!
    const second = conditionalResponse(request({ 'If-None-Match': etag }), '<rss/>', {
      contentType: 'x',
      lastModified: LAST,
    })
    expect(second.status).toBe(304)
    expect(second.headers.get('ETag')).toBe(etag)
    expect(await second.text()).toBe('')
  })
  it('sends no body to HEAD', async () => {
    const response = conditionalResponse(request({}, 'HEAD'), '<rss/>', { contentType: 'x' })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })
})
