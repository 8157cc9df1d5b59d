import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { indexText, indexTokens, MAX_TOKEN_LENGTH, normalizeForSearch, segmentWords } from './segment'

describe('normalizeForSearch', () => {
  it('folds full-width Latin and digits and lower-cases', () => {
    expect(normalizeForSearch('ＡＢＣ１２３ iPhone')).toBe('abc123 iphone')
  })
  it('turns control characters into spaces', () => {
    expect(normalizeForSearch('a\u0000b\u001fc')).toBe('a b c')
  })
})

describe('segmentWords', () => {
  it('splits Chinese into words and marks words that touch as joined', () => {
    const words = segmentWords(normalizeForSearch('院士专家工作站 建设'))
    expect(words.map((w) => w.text)).toEqual(['院士', '专家', '工作站', '建设'])
    expect(words.map((w) => w.joined)).toEqual([false, true, true, false])
  })
  it('splits a word holding punctuation into letter and digit parts that stay joined', () => {
    const words = segmentWords('www.example.com 3.14')
    expect(words.map((w) => w.text)).toEqual(['www', 'example', 'com', '3', '14'])
    expect(words.map((w) => w.joined)).toEqual([false, true, true, false, true])
  })
  it('drops punctuation, symbols and over-long tokens', () => {
    expect(segmentWords('，。！？“”《》——……')).toEqual([])
    expect(segmentWords('a'.repeat(MAX_TOKEN_LENGTH + 1))).toEqual([])
  })
  it('gives offsets into the normalised text', () => {
    const text = '江苏中关村 iphone15'
    for (const w of segmentWords(text)) expect(text.slice(w.start, w.end)).toBe(w.text)
  })
})

describe('indexTokens', () => {
  it('indexes words and the Han bigrams across word boundaries', () => {
    const tokens = indexTokens('上海市民营科技企业')
    // The segmenter cuts 上海|市民|营|科技|企业: the bigram 民营 is what lets "民营" be found.
    expect(tokens).toContain('民营')
    expect(tokens).toContain('市民')
    expect(tokens).toContain('科技')
  })
  it('emits no bigram across punctuation or Latin text', () => {
    const tokens = indexTokens('科技，企业 AI芯片')
    expect(tokens).not.toContain('技企')
    expect(tokens).toContain('ai')
    expect(tokens).toContain('芯片')
  })
  it('makes tokens PostgreSQL keeps as single lexemes: letters, digits and marks only', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        for (const token of indexTokens(text)) {
          expect(token).toMatch(/^[\p{L}\p{N}\p{M}]+$/u)
          expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH)
        }
      }),
    )
  })
  it('never emits whitespace inside the joined index text tokens', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const joined = indexText(text)
        expect(joined.split(' ').filter(Boolean)).toEqual(indexTokens(text))
      }),
    )
  })
})
