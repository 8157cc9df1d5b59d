import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_QUERY_LENGTH, parseSearchQuery, quoteLexeme } from './query'
import { indexTokens } from './segment'

/** The lexemes an AND-only tsquery text names, as PostgreSQL would read them. */
function lexemesOf(tsquery: string): string[] {
  return [...tsquery.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"))
}

/** Whether a document indexed with indexTokens matches the AND-of-ORs the parser built. */
function matches(documentText: string, query: string): boolean {
  const parsed = parseSearchQuery(query)
  if (!parsed.ok) throw new Error(parsed.code)
  const index = new Set(indexTokens(documentText))
  return lexemesOf(parsed.matchQuery).every((lexeme) => index.has(lexeme))
}

const BODY =
  '第三方专业服务机构（项目申报、知识产权服务、金融服务、法律服务、人力资源等）进驻平台。' +
  '江苏中关村科技产业园，是常州市政府与北京中关村开展体制创新与区域合作的成果。' +
  '继续积极推进院士专家工作站建设。积极发展会员，壮大会员队伍；助学帮困，承担社会责任。' +
  '推荐企业代表参加第五期上海市民营科技企业代表人士研修班。'

describe('parseSearchQuery finds Chinese words wherever they stand', () => {
  for (const word of ['知识产权', '中关村', '院士专家工作站', '助学帮困', '民营', '北京', '政府', '研修班']) {
    it(word, () => expect(matches(BODY, word)).toBe(true))
  }
  it('any substring of Han text is found (bigram recall)', () => {
    const han = Array.from(BODY.replace(/[^\p{Script=Han}]/gu, ''))
    fc.assert(
      fc.property(fc.nat(han.length - 2), fc.integer({ min: 2, max: 8 }), (start, length) => {
        const piece = han.slice(start, start + length).join('')
        // Only pieces that stand unbroken in the body (no punctuation inside).
        fc.pre(BODY.includes(piece))
        expect(matches(BODY, piece)).toBe(true)
      }),
    )
  })
  it('does not find words that are not there', () => {
    expect(matches(BODY, '人工智能')).toBe(false)
    expect(matches(BODY, '中关村 人工智能')).toBe(false)
  })
  it('requires every run (AND), in any order', () => {
    expect(matches(BODY, '金融服务 知识产权')).toBe(true)
  })
})

describe('parseSearchQuery rejects what cannot be searched', () => {
  it.each([
    ['empty', '', 'EMPTY_QUERY'],
    ['blank', '   \t\n', 'EMPTY_QUERY'],
    ['punctuation', '！？。，……', 'NO_SEARCHABLE_WORDS'],
    ['NUL bytes', '\u0000\u0000', 'NO_SEARCHABLE_WORDS'],
    ['emoji', '💥🔥', 'NO_SEARCHABLE_WORDS'],
    ['5000 characters', 'x'.repeat(5000), 'QUERY_TOO_LONG'],
    ['one character too many', '中'.repeat(MAX_QUERY_LENGTH + 1), 'QUERY_TOO_LONG'],
  ])('%s → %s', (_label, query, code) => {
    const parsed = parseSearchQuery(query)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.code).toBe(code)
      expect(parsed.message).toMatch(/[\u4e00-\u9fff]/)
    }
  })
  it('takes non-strings as empty', () => {
    expect(parseSearchQuery(undefined)).toMatchObject({ ok: false, code: 'EMPTY_QUERY' })
    expect(parseSearchQuery(['a'])).toMatchObject({ ok: false, code: 'EMPTY_QUERY' })
  })
})

describe('parseSearchQuery builds safe tsquery text', () => {
  it('keeps SQL and tsquery syntax out of the lexemes', () => {
    const parsed = parseSearchQuery("'); DROP TABLE articles; -- & | ! <-> :* \\")
    expect(parsed.ok).toBe(true)
    if (parsed.ok) {
      expect(lexemesOf(parsed.matchQuery).sort()).toEqual(['articles', 'drop', 'table'])
      expect(parsed.matchQuery).not.toMatch(/[;!<>:*\\-]/)
    }
  })
  it('for any input: an error, or quoted letter/digit lexemes joined by & | ( )', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (raw) => {
        const parsed = parseSearchQuery(raw)
        if (!parsed.ok) return
        for (const text of [parsed.matchQuery, parsed.rankQuery]) {
          const skeleton = text.replace(/'[\p{L}\p{N}\p{M}]+'/gu, 'L')
          expect(skeleton).toMatch(/^[L&|() ]+$/)
        }
        expect(parsed.terms.length).toBeGreaterThan(0)
      }),
    )
  })
  it('quoteLexeme escapes quotes and backslashes', () => {
    expect(quoteLexeme("it's\\")).toBe("'it''s\\\\'")
  })
  it('reports the runs to highlight, longest first', () => {
    const parsed = parseSearchQuery('金融 知识产权')
    expect(parsed.ok && parsed.terms).toEqual(['知识产权', '金融'])
  })
})
