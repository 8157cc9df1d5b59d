/**
 * Security headers on every kind of answer the running site gives (pages,
 * feeds, JSON, errors, 404s, client files, the operators' endpoint), both when
 * rendered and when served from the response cache; inline scripts allowed
 * by hash only; cookies flagged; and in Chromium, the pages' own scripts work
 * with no CSP violation reported.
 */
import { createHash } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, requireStack } from '../support/api'
import { launchChromium, openWatched } from './browser'

let siteUrl: string
let articleSlug: string
let topicSlug: string
let assetPath: string

const get = (path: string, init: RequestInit = {}) => fetch(new URL(path, siteUrl), { redirect: 'manual', ...init })

beforeAll(async () => {
  siteUrl = requireStack().siteUrl
  const articles = await api('GET', '/articles', {
    query: { limit: 1, depth: 0, sort: '-publishedAt', 'where[_status][equals]': 'published' },
  })
  articleSlug = articles.body.docs[0].slug
  topicSlug = (await api('GET', '/topics', { query: { limit: 1, depth: 0 } })).body.docs[0].slug
  const home = await (await get('/')).text()
  assetPath = /<link rel="stylesheet" href="(\/assets\/[^"]+\.css)"/.exec(home)![1]!
})

const pages = () => [
  '/',
  `/articles/${articleSlug}`,
  '/sections/news',
  '/sections/news?page=1',
  '/topics',
  `/topics/${topicSlug}`,
  '/archive/2016',
  '/archive/2016/4',
  '/about',
  '/search?q=%E7%A7%91%E6%8A%80',
  '/subscribe',
  '/unsubscribe?token=abc',
  '/no-such-page',
  '/articles/no-such-article',
  '/sections/no-such-section',
]

const resources = () => [
  '/feed.xml',
  '/feed.atom',
  '/feed.json',
  '/sections/news/feed.xml',
  `/topics/${topicSlug}/feed.atom`,
  '/feeds.opml',
  '/sitemap.xml',
  '/robots.txt',
  '/healthz',
  '/favicon.svg',
  '/favicon.ico',
]

function directives(csp: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name) map.set(name.toLowerCase(), values)
  }
  return map
}

/** Pages with a token in their URL keep their own, stricter policy: the token must not leave in a Referer. */
const TOKEN_PAGES = /^(?:PUT |POST )?\/(subscribe|subscription|unsubscribe)\b/

function expectBaseHeaders(path: string, headers: Headers) {
  expect(headers.get('x-content-type-options'), path).toBe('nosniff')
  expect(headers.get('referrer-policy'), path).toBe(
    TOKEN_PAGES.test(path) ? 'no-referrer' : 'strict-origin-when-cross-origin',
  )
  expect(headers.get('x-frame-options'), path).toBe('SAMEORIGIN')
  expect(headers.get('permissions-policy'), path).toMatch(/camera=\(\)/)
  const csp = directives(headers.get('content-security-policy'))
  expect(csp.get('frame-ancestors'), `${path}: ${headers.get('content-security-policy')}`).toEqual(["'self'"])
  return csp
}

/** Inline scripts the browser would execute, each as the CSP source expression that allows it. */
function inlineScriptHashes(html: string): string[] {
  const out: string[] = []
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc=/i.test(attributes!)) continue
    const type = /\stype="([^"]*)"/i.exec(attributes!)?.[1]?.toLowerCase()
    if (type && !['module', 'text/javascript', 'application/javascript'].includes(type)) continue
    out.push(`'sha256-${createHash('sha256').update(body!).digest('base64')}'`)
  }
  return out
}

async function checkPage(path: string) {
  const response = await get(path, { headers: { 'accept-encoding': 'br, gzip' } })
  expect(response.status, path).toBeLessThan(500)
  const html = await response.text()
  expect(response.headers.get('content-type'), path).toMatch(/^text\/html/)
  const csp = expectBaseHeaders(path, response.headers)
  const scriptSrc = csp.get('script-src') ?? csp.get('default-src')
  expect(scriptSrc, path).toBeDefined()
  expect(scriptSrc, path).not.toContain("'unsafe-inline'")
  expect(scriptSrc, path).not.toContain("'unsafe-eval'")
  expect(csp.get('object-src'), path).toEqual(["'none'"])
  expect(csp.get('base-uri'), path).toEqual(["'self'"])
  for (const hash of inlineScriptHashes(html)) expect(scriptSrc, `${path}: inline script not allowed`).toContain(hash)
  // A marker left in the page would tell a reader what the CSP accepted.
  expect(html, path).not.toMatch(/\snonce="/)
  return response.headers.get('x-cache')
}

describe('headers on every answer', () => {
  it('pages carry the headers and a hash-only script policy, rendered and from the cache', async () => {
    const seen = new Map<string, string[]>()
    for (let round = 0; round < 3; round++) {
      for (const path of pages()) seen.set(path, [...(seen.get(path) ?? []), String(await checkPage(path))])
    }
    // The cache was really exercised: otherwise this would only test Remix.
    expect(seen.get('/')).toContain('HIT')
    expect(seen.get(`/articles/${articleSlug}`)).toContain('HIT')
  })

  it('feeds, JSON, text and client files carry the headers and a policy that allows nothing', async () => {
    for (let round = 0; round < 2; round++) {
      for (const path of [...resources(), assetPath]) {
        const response = await get(path, { headers: { 'accept-encoding': 'gzip' } })
        await response.arrayBuffer()
        expect(response.status, path).toBe(200)
        const csp = expectBaseHeaders(path, response.headers)
        expect(csp.get('default-src'), path).toEqual(["'none'"])
      }
    }
  })

  it('revalidations (304) and HEAD requests of cached pages keep the headers', async () => {
    await (await get('/topics')).text()
    const first = await get('/topics')
    await first.text()
    const etag = first.headers.get('etag')!
    const head = await get('/topics', { method: 'HEAD' })
    expectBaseHeaders('HEAD /topics', head.headers)
    const conditional = await get('/topics', { headers: { 'if-none-match': etag } })
    expect(conditional.status).toBe(304)
    // A 304 updates the stored response's headers; the policy itself must still be there to be kept.
    const full = await get('/topics')
    expectBaseHeaders('/topics after 304', full.headers)
  })

  it('errors outside Remix (the operators endpoint, refused methods) carry them too', async () => {
    const internal = await get('/_internal/cache')
    expect(internal.status).toBe(404)
    expectBaseHeaders('/_internal/cache', internal.headers)
    const put = await get('/', { method: 'PUT' })
    expect(put.status).toBeGreaterThanOrEqual(400)
    expectBaseHeaders('PUT /', put.headers)
  })

  it('a page that rejects a form post carries them', async () => {
    const response = await get('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.80' },
      body: 'email=not-an-address&frequency=weekly&topics=all',
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('电子邮箱')
    expectBaseHeaders('POST /subscribe', response.headers)
  })
})

describe('cookies', () => {
  it('every cookie the subscription flow sets is HttpOnly and SameSite=Lax', async () => {
    const cookies: string[] = []
    const collect = (response: Response) => cookies.push(...response.headers.getSetCookie())
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.81' }
    collect(await get('/subscribe'))
    collect(
      await get('/subscribe', {
        method: 'POST',
        headers: form,
        body: 'email=cookie-check%40newsroom.test&frequency=weekly&topics=all',
      }),
    )
    collect(await get('/subscribe/confirm?token=not-a-token'))
    collect(await get('/subscription?token=not-a-token'))
    collect(await get('/unsubscribe?token=not-a-token'))
    collect(
      await get('/unsubscribe?token=not-a-token', {
        method: 'POST',
        headers: form,
        body: 'List-Unsubscribe=One-Click',
      }),
    )
    for (const cookie of cookies) {
      expect(cookie).toMatch(/;\s*HttpOnly/i)
      expect(cookie).toMatch(/;\s*SameSite=Lax/i)
    }
  })
})

describe('in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('reports no CSP violation on any page, with JavaScript on', async () => {
    for (const path of pages()) {
      // Twice: the second load is a cache hit with the stored policy.
      for (let round = 0; round < 2; round++) {
        const watched = await openWatched(browser, new URL(path, siteUrl).toString())
        await watched.page.waitForTimeout(50)
        expect(await watched.violations(), path).toEqual([])
        expect(
          watched.consoleErrors.filter((e) => /Content.Security.Policy|Refused to/i.test(e)),
          path,
        ).toEqual([])
        await watched.close()
      }
    }
  })

  it('the enhancement script runs under the policy: font size, high contrast, copy link', async () => {
    const watched = await openWatched(browser, new URL(`/articles/${articleSlug}`, siteUrl).toString(), {
      permissions: ['clipboard-read', 'clipboard-write'],
    })
    const { page } = watched
    const font = () => page.evaluate(() => document.documentElement.dataset.font)
    expect(await font()).toBe('1')
    await page.click('[data-font-step="1"]')
    expect(await font()).toBe('2')
    await page.click('[data-font-step="-1"]')
    await page.click('[data-font-step="-1"]')
    expect(await font()).toBe('0')
    await page.click('[data-contrast-toggle]')
    expect(await page.evaluate(() => document.documentElement.dataset.contrast)).toBe('high')
    const copy = page.locator('[data-copy-link]').first()
    if (await copy.count()) {
      await copy.click()
      await expect.poll(() => copy.textContent()).toBe('已复制')
    }
    // Remembered across pages: localStorage works under the policy.
    await page.goto(new URL('/', siteUrl).toString())
    expect(await font()).toBe('0')
    expect(await watched.violations()).toEqual([])
    await watched.close()
  })

  it('a script injected into the page is refused and reported (the listener works)', async () => {
    const watched = await openWatched(browser, new URL('/about', siteUrl).toString())
    const ran = await watched.page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.__injected = true'
      document.body.append(script)
      return new Promise((resolve) =>
        setTimeout(() => resolve((window as unknown as { __injected?: boolean }).__injected === true), 100),
      )
    })
    expect(ran).toBe(false)
    expect((await watched.violations()).join('\n')).toMatch(/script-src/)
    await watched.close()
  })
})
