/**
 * Hostile input in every parameter of the running site and of the CMS
 * endpoints the site calls: SQL metacharacters, NUL and other control bytes,
 * invalid percent-encoding and UTF-8, 5,000-character values, repeated
 * parameters, wrong types. Property: never a 5xx, never a stack trace or
 * `Error:` in the body; people get a Chinese page. fast-check generates the
 * values; the fixed cases below are the ones attackers try first.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { requireStack } from '../support/api'

let siteUrl: string
let cmsUrl: string

beforeAll(() => {
  ;({ siteUrl, cmsUrl } = requireStack())
})

/**
 * Percent-encodes every UTF-8 byte outside the unreserved set. Unlike
 * encodeURIComponent it never throws: a lone surrogate goes out as the
 * replacement character, as a browser would send it.
 */
const encodeText = (text: string) =>
  Array.from(new TextEncoder().encode(text), (b) =>
    /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
  ).join('')

/** A raw value as it appears in a URL: encoded text, or raw bytes that need not be valid UTF-8 or valid escapes. */
type Raw = { wire: string; label: string }

const NASTY: string[] = [
  "' OR '1'='1",
  '1; DROP TABLE articles;--',
  '1 UNION SELECT password FROM users--',
  '\\',
  "%'--",
  '\u0000',
  'a\u0000b',
  '科技\u0000政策',
  '\u0000'.repeat(50),
  '"><script>alert(1)</script>',
  '../../etc/passwd',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, literally
  '${7*7}{{7*7}}',
  '-1',
  '0',
  '1e9',
  '99999999999999999999',
  'NaN',
  '[]',
  '{"a":1}',
  '&&',
  '!!',
  ':*',
  '|',
  '\uD800',
  '\u202E',
  '\r\nSet-Cookie: a=1',
  'x'.repeat(5000),
  '科'.repeat(5000),
  ' ',
  '',
]

const RAW_WIRE = ['%00', '%ZZ', '%', '%E0%A4%A', '%C0%AF', '%FF%FE', '%ED%A0%80', '%u0000', '%%%', '%2500']

const rawValue: fc.Arbitrary<Raw> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY).map((t) => ({ wire: encodeText(t), label: JSON.stringify(t) })) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_WIRE).map((w) => ({ wire: w, label: w })) },
  {
    weight: 3,
    arbitrary: fc
      .string({ unit: 'binary', maxLength: 60 })
      .map((t) => ({ wire: encodeText(t), label: JSON.stringify(t) })),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ minLength: 1, maxLength: 20 }).map((bytes) => {
      const wire = Array.from(bytes, (b) => `%${b.toString(16).padStart(2, '0')}`).join('')
      return { wire, label: wire }
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("'", '\u0000', '%', '科', 'a'), fc.integer({ min: 1000, max: 5000 }))
      .map(([c, n]) => ({ wire: encodeText(c.repeat(n)), label: `${JSON.stringify(c)} × ${n}` })),
  },
)

type Target = { name: string; base: 'site' | 'cms'; url: (v: string, w: string) => string; method?: 'POST' }

/** `v` and `w` are already on the wire (encoded); `w` fills a second parameter or a repeat. */
const SITE_TARGETS: Target[] = [
  { name: 'search q', base: 'site', url: (v) => `/search?q=${v}` },
  { name: 'search page', base: 'site', url: (v) => `/search?q=%E7%A7%91%E6%8A%80&page=${v}` },
  { name: 'search section', base: 'site', url: (v) => `/search?q=%E7%A7%91%E6%8A%80&section=${v}` },
  { name: 'search repeated', base: 'site', url: (v, w) => `/search?q=${v}&q=${w}&page=${v}&page=2` },
  { name: 'section page', base: 'site', url: (v) => `/sections/news?page=${v}` },
  { name: 'section page repeated', base: 'site', url: (v, w) => `/sections/news?page=${v}&page=${w}` },
  { name: 'section name', base: 'site', url: (v) => `/sections/${v}` },
  { name: 'section feed', base: 'site', url: (v) => `/sections/${v}/feed.xml` },
  { name: 'topic slug', base: 'site', url: (v) => `/topics/${v}` },
  { name: 'topic page', base: 'site', url: (v) => `/topics?page=${v}` },
  { name: 'topic feed', base: 'site', url: (v) => `/topics/${v}/feed.json` },
  { name: 'topic feed atom', base: 'site', url: (v) => `/topics/${v}/feed.atom` },
  { name: 'article slug', base: 'site', url: (v) => `/articles/${v}` },
  { name: 'article id', base: 'site', url: (v) => `/articles/id/${v}` },
  { name: 'standing page', base: 'site', url: (v) => `/${v}` },
  { name: 'archive year', base: 'site', url: (v) => `/archive/${v}` },
  { name: 'archive month', base: 'site', url: (v) => `/archive/2016/${v}` },
  { name: 'archive both', base: 'site', url: (v, w) => `/archive/${v}/${w}` },
  { name: 'archive page', base: 'site', url: (v) => `/archive/2016?page=${v}` },
  { name: 'sitemap part', base: 'site', url: (v) => `/sitemaps/${v}` },
  { name: 'confirm token', base: 'site', url: (v) => `/subscribe/confirm?token=${v}` },
  { name: 'confirm token repeated', base: 'site', url: (v, w) => `/subscribe/confirm?token=${v}&token=${w}` },
  { name: 'manage token', base: 'site', url: (v) => `/subscription?token=${v}` },
  { name: 'unsubscribe token', base: 'site', url: (v) => `/unsubscribe?token=${v}` },
  { name: 'one-click unsubscribe', base: 'site', url: (v) => `/unsubscribe?token=${v}`, method: 'POST' },
  { name: 'subscribe topic', base: 'site', url: (v) => `/subscribe?topic=${v}&sent=${v}` },
  { name: 'preview token', base: 'site', url: (v) => `/preview?token=${v}` },
]

/** The custom endpoints the site's loaders call, reached directly as anyone could. */
const CMS_TARGETS: Target[] = [
  { name: 'api search q', base: 'cms', url: (v) => `/api/search?q=${v}` },
  {
    name: 'api search params',
    base: 'cms',
    url: (v, w) => `/api/search?q=%E7%A7%91&page=${v}&limit=${w}&section=${v}`,
  },
  { name: 'api article-page', base: 'cms', url: (v) => `/api/article-page?slug=${v}` },
  {
    name: 'api article-list',
    base: 'cms',
    url: (v, w) => `/api/article-list?section=${v}&topic=${w}&page=${v}&limit=${w}`,
  },
  { name: 'api article-list dates', base: 'cms', url: (v, w) => `/api/article-list?from=${v}&to=${w}` },
  { name: 'api article-counts', base: 'cms', url: (v, w) => `/api/article-counts?bounds=${v},${w}` },
  { name: 'api feed-items', base: 'cms', url: (v, w) => `/api/feed-items?section=${v}&topic=${w}&limit=${v}` },
  { name: 'api site-index', base: 'cms', url: (v) => `/api/site-index?page=${v}&limit=${v}&full=${v}` },
  { name: 'api home-page', base: 'cms', url: (v) => `/api/home-page?limit=${v}` },
  { name: 'api preview', base: 'cms', url: (v) => `/api/articles/preview?token=${v}` },
  { name: 'api views', base: 'cms', url: (v) => `/api/articles/views?ids=${v}` },
  // Payload's own REST, as the site's lib/cms/content.server.ts calls it for topics and pages.
  { name: 'api topics where', base: 'cms', url: (v, w) => `/api/topics?where[slug][equals]=${v}&limit=${w}` },
  { name: 'api pages where', base: 'cms', url: (v) => `/api/pages?where[slug][equals]=${v}&depth=1` },
  { name: 'api subscription token', base: 'cms', url: (v, w) => `/api/subscriptions/token?token=${v}&purpose=${w}` },
]

/** What only a crash prints: a stack frame, an exception's name and message, a path into the code. */
const LEAK = /\bat [\w$.<>]+ \(|\b[A-Z]\w*Error:|Error: |node_modules|\/work\/|\.tsx?:\d+/

let reader = 0
/** Each request comes from its own reader address (the stack trusts one proxy), so rate limits never mask a crash. */
const nextAddress = () => {
  reader++
  return `198.18.${(reader >> 8) & 255}.${reader & 255}`
}

async function probe(target: Target, v: Raw, w: Raw) {
  const path = target.url(v.wire, w.wire)
  const origin = target.base === 'site' ? siteUrl : cmsUrl
  const response = await fetch(origin + path, {
    method: target.method ?? 'GET',
    redirect: 'manual',
    headers: {
      'x-forwarded-for': nextAddress(),
      ...(target.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: target.method === 'POST' ? 'List-Unsubscribe=One-Click' : undefined,
  })
  const body = await response.text()
  const where = `${target.name}: ${target.method ?? 'GET'} ${path.slice(0, 300)} (${v.label.slice(0, 80)}) → ${response.status}`
  expect(response.status, where).toBeLessThan(500)
  expect(body, where).not.toMatch(LEAK)
  const type = response.headers.get('content-type') ?? ''
  if (response.status >= 400 && type.startsWith('text/html')) {
    // A page for people: says what happened in Chinese, in the site's layout.
    expect(body, where).toMatch(/lang="zh-CN"/)
    expect(body, where).toMatch(/[\u4e00-\u9fff]{4,}/)
  }
  if (response.status >= 400 && type.startsWith('application/json')) {
    expect(JSON.parse(body).errors?.[0]?.message ?? '', where).toMatch(/[\u4e00-\u9fff]/)
  }
}

const RUNS = Number(process.env.HOSTILE_PARAM_RUNS ?? 40)

describe('hostile parameters never crash the site and never leak internals', () => {
  for (const target of [...SITE_TARGETS, ...CMS_TARGETS]) {
    it(target.name, async () => {
      // The fixed cases first, each once; then generated ones.
      for (const text of NASTY)
        await probe(target, { wire: encodeText(text), label: JSON.stringify(text) }, { wire: '1', label: '1' })
      for (const wire of RAW_WIRE) await probe(target, { wire, label: wire }, { wire, label: wire })
      await fc.assert(
        fc.asyncProperty(rawValue, rawValue, (v, w) => probe(target, v, w)),
        { numRuns: RUNS, endOnFailure: true },
      )
    })
  }
})

describe('wrong methods and bodies', () => {
  it('a form post with hostile fields gets a Chinese 400, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(rawValue, rawValue, async (v, w) => {
        const response = await fetch(`${siteUrl}/subscribe`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextAddress() },
          body: `email=${v.wire}&topics=${w.wire}&topics=${v.wire}&frequency=${w.wire}`,
        })
        const body = await response.text()
        const where = `POST /subscribe email=${v.label.slice(0, 80)} → ${response.status}`
        expect(response.status, where).toBeLessThan(500)
        expect(body, where).not.toMatch(LEAK)
      }),
      { numRuns: RUNS, endOnFailure: true },
    )
  })
})
