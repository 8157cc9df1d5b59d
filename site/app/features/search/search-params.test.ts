import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { displayQuery, onlyMarkTags, parseSearchParams, searchHref } from './search-params'

const parse = (query: string) => parseSearchParams(new URLSearchParams(query))

describe('parseSearchParams', () => {
  it('reads q, page and section', () => {
    expect(parse('q=知识产权&page=2&section=policy')).toEqual({ q: '知识产权', page: 2, section: 'policy' })
    expect(parse('')).toEqual({ q: '', page: 1, section: null })
    expect(parse('q=x&section=')).toEqual({ q: 'x', page: 1, section: null })
  })
  it('gives null (404) for a malformed page or an unknown section', () => {
    for (const query of ['q=x&page=0', 'q=x&page=abc', 'q=x&page=1&page=2', 'q=x&section=sports', 'q=x&section=%00']) {
      expect(parse(query)).toBeNull()
    }
  })
  it('never rejects the query itself', () => {
    expect(parse(`q=${encodeURIComponent("'; drop table articles; --\u0000")}`)?.q).toContain('drop')
  })
})

describe('displayQuery', () => {
  it('strips control characters and caps the length', () => {
    expect(displayQuery('  中关村\u0000  科技 ')).toBe('中关村 科技')
    expect(Array.from(displayQuery('字'.repeat(5000)))).toHaveLength(100)
  })
})

describe('searchHref', () => {
  it('encodes the query and omits defaults', () => {
    expect(searchHref({ q: '知识 产权&x', page: 1 })).toBe('/search?q=%E7%9F%A5%E8%AF%86+%E4%BA%A7%E6%9D%83%26x')
    expect(searchHref({ q: 'a', section: 'news', page: 3 })).toBe('/search?q=a&section=news&page=3')
  })
})

describe('onlyMarkTags', () => {
  it('keeps <mark> and neutralises every other tag', () => {
    expect(onlyMarkTags('<mark>中关村</mark><script>x</script><img src=x>')).toBe(
      '<mark>中关村</mark>&lt;script>x&lt;/script>&lt;img src=x>',
    )
  })
  it('leaves no tag but mark, whatever comes in', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (html) => {
        expect(onlyMarkTags(html)).not.toMatch(/<(?!\/?mark>)/)
      }),
    )
  })
})
