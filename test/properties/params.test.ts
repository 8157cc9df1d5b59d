/**
 * The site's URL parameter parsers with arbitrary input: `?page=`, archive
 * year and month, slugs, sitemap file names and the search page's `q`,
 * `page` and `section`. Each answers a valid value or null (the route's 404),
 * never throws, and accepts exactly one spelling of each value, so a page has
 * one URL. (test/security/hostile-params.test.ts drives the same routes over HTTP.)
 */
import fc from 'fast-check'
import { Parser } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import { parseSitemapFile } from '~/features/feeds/build-sitemap'
import {
  displayQuery,
  MAX_SHOWN_QUERY,
  onlyMarkTags,
  parseSearchParams,
  searchHref,
} from '~/features/search/search-params'
import { FIRST_ARCHIVE_YEAR, parseMonth, parsePage, parseSlug, parseYear } from '~/lib/params'
import { SECTIONS } from '~/lib/sections'

/** Values as they arrive: anything, digits with junk, SQL, NUL, full-width digits, 5,000 characters. */
const value = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[0-9+\-. eE]{0,8}$/),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.constantFrom(
    '1e3',
    '0x10',
    '٣',
    '１',
    '2016\u0000',
    ' 2',
    '2 ',
    '+3',
    '-0',
    '1.0',
    "1' OR '1'='1",
    'NaN',
    'Infinity',
  ),
  fc.constantFrom('x', '9', "'").chain((c) => fc.integer({ min: 1000, max: 5000 }).map((n) => c.repeat(n))),
)

/** Raw query strings, including broken percent-encoding and repeated keys. */
const queryString = fc
  .array(
    fc.tuple(
      fc.constantFrom('page', 'q', 'section', 'PAGE', 'page[]', 'section%00'),
      fc.oneof(value.map(encodeURIComponent), fc.constantFrom('%', '%zz', '%00', '%E4%B8', '%F0%9F', '', '=')),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'))

const now = new Date('2026-11-27T00:00:00Z')

describe('parsePage', () => {
  it('answers null or a page of 1–99999 whose only spelling is the one given', () => {
    fc.assert(
      fc.property(queryString, (raw) => {
        const params = new URLSearchParams(raw)
        const page = parsePage(params)
        if (page === null) return
        expect(Number.isSafeInteger(page) && page >= 1 && page <= 99_999).toBe(true)
        const given = params.getAll('page')
        expect(given.length === 0 ? page === 1 : given[0] === String(page)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })
  it('reads back every page it would link to', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), (n) => {
        expect(parsePage(new URLSearchParams(`page=${n}`))).toBe(n)
        expect(parsePage(new URLSearchParams(`page=0${n}`))).toBeNull()
      }),
    )
  })
})

describe('archive year and month', () => {
  it('a year is null or one of the archive years, spelled as four digits', () => {
    fc.assert(
      fc.property(value, (raw) => {
        const year = parseYear(raw, now)
        if (year === null) return
        expect(year).toBeGreaterThanOrEqual(FIRST_ARCHIVE_YEAR)
        expect(year).toBeLessThanOrEqual(2027)
        expect(raw).toBe(String(year))
      }),
      { numRuns: 2000 },
    )
    for (let y = FIRST_ARCHIVE_YEAR; y <= 2027; y++) expect(parseYear(String(y), now)).toBe(y)
    expect(parseYear('2028', now)).toBeNull()
    expect(parseYear('1999', now)).toBeNull()
  })
  it('a month is null or 1–12, from "4" or "04" only', () => {
    fc.assert(
      fc.property(value, (raw) => {
        const month = parseMonth(raw)
        if (month === null) return
        expect(month >= 1 && month <= 12).toBe(true)
        expect([String(month), String(month).padStart(2, '0')]).toContain(raw)
      }),
      { numRuns: 2000 },
    )
  })
  it('never throws on values of any type, and takes only strings', () => {
    fc.assert(
      fc.property(
        fc.anything().filter((v) => typeof v !== 'string'),
        (raw) => {
          expect(parseYear(raw, now)).toBeNull()
          expect(parseMonth(raw)).toBeNull()
          expect(parseSlug(raw)).toBeNull()
        },
      ),
      { numRuns: 300, examples: [[null], [undefined], [2016], [['2016']], [{ toString: () => '2016' }]] },
    )
  })
})

describe('slugs and sitemap files', () => {
  it('a slug is null or exactly what was given, URL-safe', () => {
    fc.assert(
      fc.property(fc.oneof(value, fc.stringMatching(/^[a-z0-9-]{1,130}$/)), (raw) => {
        const slug = parseSlug(raw)
        if (slug === null) return
        expect(slug).toBe(raw)
        expect(encodeURIComponent(slug)).toBe(slug)
        expect(slug.length).toBeLessThanOrEqual(120)
      }),
      { numRuns: 2000 },
    )
  })
  it('a sitemap file is pages.xml or articles-N.xml with N ≥ 1 spelled one way', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          value,
          value.map((v) => `articles-${v}.xml`),
        ),
        (file) => {
          const parsed = parseSitemapFile(file)
          if (parsed === null) return
          if (parsed.kind === 'pages') expect(file).toBe('pages.xml')
          else expect(file).toBe(`articles-${parsed.page}.xml`)
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('search parameters', () => {
  it('answer null (404) or a valid page and section, and keep any q', () => {
    fc.assert(
      fc.property(queryString, (raw) => {
        const params = new URLSearchParams(raw)
        const parsed = parseSearchParams(params)
        if (parsed === null) return
        expect(parsed.page).toBe(parsePage(params))
        expect(parsed.section === null || SECTIONS.includes(parsed.section)).toBe(true)
        expect(parsed.q).toBe(params.get('q') ?? '')
      }),
      { numRuns: 2000 },
    )
  })
  it('a results URL reads back as the same search', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.option(fc.constantFrom(...SECTIONS), { nil: null }),
        fc.integer({ min: 1, max: 99_999 }),
        (q, section, page) => {
          const href = searchHref({ q, section, page })
          expect(parseSearchParams(new URL(href, 'https://example.org').searchParams)).toEqual({ q, section, page })
        },
      ),
    )
  })
  it('the query shown again is short, trimmed and free of control characters', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), value), (q) => {
        const shown = displayQuery(q)
        expect(Array.from(shown).length).toBeLessThanOrEqual(MAX_SHOWN_QUERY)
        expect(shown).toBe(shown.trim())
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
        expect(shown).not.toMatch(/[\u0000-\u001F\u007F]/)
        // No lone surrogate halves (String#isWellFormed is ES2024; Node 20 has it, our lib target not).
        expect(shown).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
      }),
      { numRuns: 2000 },
    )
  })
  it('highlighted titles and snippets keep <mark> and nothing else, as a browser parses them', () => {
    const markup = fc
      .array(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 8 }),
          fc.constantFrom(
            '<mark>',
            '</mark>',
            '<mark >',
            '<MARK>',
            '<mark onclick=x>',
            '<script>',
            '</script>',
            '<img src=x onerror=alert(1)>',
            '<!--',
            '-->',
            '<![CDATA[',
            '<svg/onload=1>',
            '<',
            '>',
            '&lt;',
            '"',
            "'",
          ),
        ),
        { maxLength: 20 },
      )
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(markup, (html) => {
        const safe = onlyMarkTags(html)
        const elements: Array<{ name: string; attributes: Record<string, string> }> = []
        const parser = new Parser({ onopentag: (name, attributes) => elements.push({ name, attributes }) })
        parser.write(safe)
        parser.end()
        for (const { name, attributes } of elements) {
          expect(name, safe).toBe('mark')
          expect(attributes, safe).toEqual({})
        }
      }),
      { numRuns: 2000 },
    )
  })
})
