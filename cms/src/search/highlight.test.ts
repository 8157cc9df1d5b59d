import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildSnippet, escapeHtml, findMatches, flattenText, highlightText } from './highlight'

/** Removes our <mark> tags and unescapes: what a reader sees. */
function visibleText(html: string): string {
  return html
    .replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

describe('escapeHtml', () => {
  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })
})

describe('highlightText', () => {
  it('marks every occurrence, case-insensitively', () => {
    expect(highlightText('iPhone 与 IPHONE', ['iphone'])).toBe('<mark>iPhone</mark> 与 <mark>IPHONE</mark>')
  })
  it('prefers the longer term where terms overlap', () => {
    expect(highlightText('知识产权服务', ['知识', '知识产权'])).toBe('<mark>知识产权</mark>服务')
  })
  it('treats terms as text, not patterns', () => {
    expect(highlightText('a.b axb (c)', ['a.b', '(c)'])).toBe('<mark>a.b</mark> axb <mark>(c)</mark>')
  })
})

describe('buildSnippet', () => {
  const long = `${'前文'.repeat(200)}江苏中关村科技产业园是北京中关村的合作成果${'后文'.repeat(200)}`

  it('centres on the matches and marks them', () => {
    const snippet = buildSnippet(long, ['中关村', '北京'])
    expect(snippet.startsWith('…')).toBe(true)
    expect(snippet.endsWith('…')).toBe(true)
    expect(snippet).toContain('<mark>中关村</mark>')
    expect(snippet).toContain('<mark>北京</mark>')
  })
  it('shows the opening when nothing matches', () => {
    expect(buildSnippet('短文本', ['无关'])).toBe('短文本')
  })
  it('never lets markup from the text through', () => {
    const snippet = buildSnippet('<img src=x onerror=alert(1)> 中关村 <script>alert(2)</script>', ['中关村', 'script'])
    expect(snippet).not.toMatch(/<(?!\/?mark>)/)
    expect(snippet).toContain('&lt;img')
  })
  it('for any text and terms: only <mark> tags, balanced, and the visible text is a window of the flattened input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }), { maxLength: 4 }),
        (text, terms) => {
          const snippet = buildSnippet(text, terms, { length: 60 })
          expect(snippet).not.toMatch(/<(?!\/?mark>)/)
          expect(snippet.match(/<mark>/g)?.length ?? 0).toBe(snippet.match(/<\/mark>/g)?.length ?? 0)
          expect(snippet).not.toMatch(/<mark>[^<]*<mark>/)
          const visible = visibleText(snippet).replace(/^…/, '').replace(/…$/, '')
          expect(flattenText(text)).toContain(visible)
          // No lone surrogate halves from cutting.
          expect(visible).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
        },
      ),
    )
  })
  it('marks exactly the term occurrences inside the window', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('科技', '企业', '中关村', '，', 'ab', ' '), { maxLength: 80 }), (parts) => {
        const text = parts.join('')
        const snippet = buildSnippet(text, ['中关村', '企业'], { length: 40 })
        for (const marked of snippet.match(/<mark>([^<]*)<\/mark>/g) ?? []) {
          expect(['<mark>中关村</mark>', '<mark>企业</mark>']).toContain(marked)
        }
      }),
    )
  })
})

describe('findMatches', () => {
  it('returns nothing for empty terms', () => {
    expect(findMatches('abc', ['', ''])).toEqual([])
  })
})
