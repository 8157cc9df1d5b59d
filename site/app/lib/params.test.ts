import { describe, expect, it } from 'vitest'
import { parseMonth, parsePage, parseSlug, parseYear } from './params'

const page = (query: string) => parsePage(new URLSearchParams(query))

describe('URL parameters', () => {
  it('pages: absent is 1, malformed is null (404)', () => {
    expect(page('')).toBe(1)
    expect(page('page=1')).toBe(1)
    expect(page('page=12')).toBe(12)
    expect(page('page=99999')).toBe(99999)
    for (const bad of [
      'page=0',
      'page=-1',
      'page=abc',
      'page=1.5',
      'page=01',
      'page=',
      'page=100000',
      'page=1e3',
      'page=%201',
      `page=${'9'.repeat(5000)}`,
      'page=1&page=2',
    ])
      expect(page(bad), bad).toBeNull()
  })

  it('slugs: the CMS shape only', () => {
    expect(parseSlug('putuo-qu-keji-2016')).toBe('putuo-qu-keji-2016')
    for (const bad of [
      undefined,
      '',
      'A',
      'a--b',
      '-a',
      'a-',
      'a_b',
      '<script>',
      '../x',
      'a b',
      '年会',
      'a'.repeat(121),
      'a'.repeat(5000),
    ])
      expect(parseSlug(bad), String(bad)).toBeNull()
  })

  it('years and months', () => {
    const now = new Date('2026-06-01T00:00:00Z')
    expect(parseYear('2016', now)).toBe(2016)
    expect(parseYear('2027', now)).toBe(2027)
    for (const bad of ['1999', '2028', '16', '02016', 'abcd', undefined]) expect(parseYear(bad, now)).toBeNull()
    expect(parseMonth('4')).toBe(4)
    expect(parseMonth('04')).toBe(4)
    expect(parseMonth('12')).toBe(12)
    for (const bad of ['0', '00', '13', '004', '1a', '', undefined]) expect(parseMonth(bad)).toBeNull()
  })
})
