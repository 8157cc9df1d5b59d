/**
 * Slugging with arbitrary input: every title an editor can type (Chinese,
 * pinyin, emoji, control characters, 5,000 characters) gives a slug that is
 * URL-safe, short, never empty, the same every time, and a fixed point (a slug
 * given back as the slug stays what it is).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { baseSlug, FALLBACK_SLUG } from '../../cms/src/fields/slug'
import { isValidSlug, SLUG_PATTERN, slugify } from '../../cms/src/lib/slugify'

const CHINESE = '普陀区科技企业联合会举办年会关于开展知识产权服务月活动的通知园区合作洽谈会绿色低碳'
const PINYIN = ['keji', 'qiye', 'lüe', 'nü', 'Zhōng', 'guó', 'xi\u0304an', 'ǘ']
const HOSTILE = [
  '\u0000',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  '../',
  '%00',
  "'; DROP TABLE articles;--",
  '<script>',
]

/** Titles as editors and attackers type them: a mix of scripts, emoji, controls and lone surrogates. */
const title = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }) },
  {
    weight: 4,
    arbitrary: fc
      .array(
        fc.oneof(
          fc.constantFrom(...Array.from(CHINESE)),
          fc.constantFrom(
            ...PINYIN,
            ...HOSTILE,
            '🎉',
            '👨‍👩‍👧',
            '🇨🇳',
            '２０１６',
            'ＡＢＣ',
            '2016',
            ' ',
            '-',
            '·',
            '，',
          ),
        ),
        { maxLength: 80 },
      )
      .map((parts) => parts.join('')),
  },
)

const urlSafe = (slug: string) => encodeURIComponent(slug) === slug && SLUG_PATTERN.test(slug)

describe('slugify', () => {
  it('is URL-safe and at most 60 characters for any title', () => {
    fc.assert(
      fc.property(title, (text) => {
        const slug = slugify(text)
        if (slug !== '') expect(urlSafe(slug), JSON.stringify(slug)).toBe(true)
        expect(slug.length).toBeLessThanOrEqual(60)
      }),
      { numRuns: 1500 },
    )
  })

  it('is stable: the same title gives the same slug, also after NFC/NFKC round trips', () => {
    fc.assert(
      fc.property(title, (text) => {
        const slug = slugify(text)
        expect(slugify(text)).toBe(slug)
        expect(slugify(text.normalize('NFKC'))).toBe(slug)
      }),
      { numRuns: 500 },
    )
  })

  it('is idempotent: slugifying a slug gives the slug', () => {
    fc.assert(
      fc.property(title, (text) => {
        const slug = slugify(text)
        expect(slugify(slug)).toBe(slug)
      }),
      { numRuns: 1500 },
    )
  })

  it('keeps Chinese titles readable: every Han title gives pinyin, never an empty slug', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...Array.from(CHINESE)), { minLength: 1, maxLength: 40 }), (chars) => {
        const slug = slugify(chars.join(''))
        expect(slug).not.toBe('')
        expect(slug).toMatch(/^[a-z]+(-[a-z]+)*$/)
      }),
    )
  })

  it('handles 5,000-character titles quickly and cuts them at a word boundary', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 5000, maxLength: 5000 }), (text) => {
        const started = performance.now()
        const slug = slugify(text)
        expect(performance.now() - started).toBeLessThan(2000)
        expect(slug.length).toBeLessThanOrEqual(60)
        if (slug) expect(urlSafe(slug)).toBe(true)
      }),
      { numRuns: 10 },
    )
    const long = slugify('科技'.repeat(2500))
    expect(long).toMatch(/^keji(-keji)*$/)
    expect(long.length).toBeLessThanOrEqual(60)
  })
})

describe('the slug a document gets (field hook)', () => {
  it('is never empty and always valid, whatever the title or the typed slug', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(''), title), title, (typed, text) => {
        const slug = baseSlug(typed.trim(), text)
        expect(slug).not.toBe('')
        expect(isValidSlug(slug), JSON.stringify({ typed, text, slug })).toBe(true)
      }),
      { numRuns: 1500 },
    )
  })

  it('falls back to a fixed slug when nothing in the title can be romanised', () => {
    for (const text of ['🎉🎉', '，。！', '\u0000\u0001', '', '\ud800']) expect(baseSlug('', text)).toBe(FALLBACK_SLUG)
  })

  it('does not throw on a title of the wrong type', () => {
    for (const text of [123, null, undefined, { zh: '标题' }, ['标题']]) expect(baseSlug('', text)).toBe(FALLBACK_SLUG)
  })

  it('keeps a typed slug that is already valid, and resaving gives the same slug (fixed point)', () => {
    fc.assert(
      fc.property(title, fc.oneof(fc.constant(''), title), (text, typed) => {
        const first = baseSlug(typed.trim(), text)
        expect(baseSlug(first, text)).toBe(first)
        expect(baseSlug(first, 'another title 另一个标题')).toBe(first)
      }),
      { numRuns: 1000 },
    )
  })
})
