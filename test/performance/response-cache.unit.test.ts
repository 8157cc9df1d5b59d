/**
 * The response cache's rules and bookkeeping without a server: coalescing,
 * the purge-during-render race, what is stored, freshness with and without the
 * event stream, eviction. The wire behaviour is in cache-invalidation.test.ts.
 */
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { cacheKey, etagMatches, isStorable, pickEncoding } from '../../site/server/http-cache-rules.js'
import { EXPIRED, FRESH, ResponseCache, STALE } from '../../site/server/response-cache.js'

const html = (body: string, headers: Record<string, string> = {}, status = 200) =>
  new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=0', ...headers },
  })

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

const page = (text: string) => `<!doctype html><html lang="zh-CN"><body>${text.repeat(100)}</body></html>`

describe('response cache', () => {
  it('renders a URL once for any number of concurrent misses', async () => {
    const cache = new ResponseCache()
    let renders = 0
    const gate = deferred<void>()
    const render = async () => {
      renders++
      await gate.promise
      return html(page('普陀区科技企业联合会'))
    }
    const results = Array.from({ length: 50 }, () => cache.fill('/articles/a', render))
    gate.resolve()
    const settled = await Promise.all(results)
    expect(renders).toBe(1)
    expect(settled.every((r) => r.entry === settled[0].entry)).toBe(true)
    expect(cache.get('/articles/a')).toBe(settled[0].entry)
  })

  it('never stores a render that was running when a purge arrived, and does not join it afterwards', async () => {
    const cache = new ResponseCache()
    const oldRender = deferred<Response>()
    const waiting = cache.fill('/articles/a', () => oldRender.promise)
    cache.purgeAll() // the commit's event arrives while the old page is still rendering
    const fresh = cache.fill('/articles/a', async () => html(page('更正后')))
    oldRender.resolve(html(page('更正前')))
    const [before, after] = await Promise.all([waiting, fresh])
    // The request that was already waiting gets the page it asked for (it came before the change)…
    expect(gunzipSync(before.entry.gzip.body).toString()).toContain('更正前')
    // …but only the post-purge render is kept.
    expect(gunzipSync(cache.get('/articles/a')!.gzip!.body).toString()).toContain('更正后')
    expect(after.entry).toBe(cache.get('/articles/a'))
    expect(cache.stats.discarded).toBe(1)
  })

  it('does not share or store a response that sets a cookie or is private; waiters render on their own', async () => {
    const cache = new ResponseCache()
    const gate = deferred<void>()
    const render = async () => {
      await gate.promise
      return html('x', { 'set-cookie': 'session=1; HttpOnly' })
    }
    const leader = cache.fill('/subscribe', render)
    const follower = cache.fill('/subscribe', render)
    gate.resolve()
    expect((await leader).response).toBeInstanceOf(Response)
    expect(await follower).toEqual({ pass: true })
    expect(cache.get('/subscribe')?.pass).toBe(true)

    const preview = await new ResponseCache().fill('/preview?token=t', async () =>
      html('draft', { 'cache-control': 'private, no-store' }),
    )
    expect(preview.response).toBeInstanceOf(Response)
  })

  it('stores only public, cookie-free 200/301/404 answers without other Vary', () => {
    expect(isStorable(html('ok'))).toBe(true)
    expect(isStorable(html('gone', {}, 404))).toBe(true)
    expect(isStorable(html('boom', {}, 500))).toBe(false)
    expect(isStorable(html('ok', { 'set-cookie': 'a=1' }))).toBe(false)
    expect(isStorable(html('ok', { 'cache-control': 'private, max-age=0' }))).toBe(false)
    expect(isStorable(html('ok', { 'cache-control': 'no-store' }))).toBe(false)
    expect(isStorable(new Response('ok', { headers: { 'content-type': 'application/json' } }))).toBe(false)
    expect(isStorable(html('ok', { vary: 'Cookie' }))).toBe(false)
    expect(isStorable(html('ok', { vary: 'Accept-Encoding' }))).toBe(true)
  })

  it('keeps brotli and gzip, and an ETag that changes with the bytes', async () => {
    const cache = new ResponseCache()
    const a = (await cache.fill('/a', async () => html(page('甲')))).entry
    const b = (await cache.fill('/b', async () => html(page('乙')))).entry
    expect(a.br.head['content-encoding']).toBe('br')
    expect(a.gzip.head['content-encoding']).toBe('gzip')
    expect(a.etag).not.toBe(b.etag)
    expect(cache.variant(a, 'identity').body.toString()).toBe(page('甲'))
    const feed = (await cache.fill('/feed.xml', async () => html('<rss/>', { etag: '"route-etag"' }))).entry
    expect(feed.etag).toBe('"route-etag"')
  })

  it('bounds staleness: max age while events flow, one second without them', async () => {
    let now = 1_000_000
    const cache = new ResponseCache({ maxAgeMs: 60_000, now: () => now })
    const { entry } = await cache.fill('/', async () => html(page('首页')))
    cache.setConnected(true)
    now += 59_000
    expect(cache.freshness(entry)).toBe(FRESH)
    now += 2_000
    expect(cache.freshness(entry)).toBe(STALE)
    now += 60_000
    expect(cache.freshness(entry)).toBe(EXPIRED)
    cache.setConnected(false)
    const second = (await cache.fill('/x', async () => html(page('x')))).entry
    expect(cache.freshness(second)).toBe(FRESH)
    now += 1_001
    expect(cache.freshness(second)).toBe(EXPIRED)
  })

  it('evicts within its byte budget, sparing recently used entries', async () => {
    const cache = new ResponseCache({ maxBytes: 40_000 })
    const noise = (n: number) =>
      Array.from({ length: 4000 }, (_, i) => ((i * 7919 + n * 104729) % 65521).toString(36)).join('')
    for (let i = 0; i < 3; i++) await cache.fill(`/p${i}`, async () => html(noise(i)))
    cache.get('/p0')
    for (let i = 3; i < 8; i++) await cache.fill(`/p${i}`, async () => html(noise(i)))
    expect(cache.bytes).toBeLessThanOrEqual(40_000)
    expect(cache.stats.evictions).toBeGreaterThan(0)
  })
})

describe('cache rules', () => {
  it('keys URLs without tracking parameters and refuses personal paths', () => {
    expect(cacheKey('/articles/a')).toBe('/articles/a')
    expect(cacheKey('/articles/a?from=singlemessage&isappinstalled=0')).toBe('/articles/a')
    expect(cacheKey('/search?q=%E7%A7%91%E6%8A%80&utm_source=wx&page=2')).toBe('/search?q=%E7%A7%91%E6%8A%80&page=2')
    expect(cacheKey('/preview?token=abc')).toBeNull()
    expect(cacheKey('/unsubscribe?token=abc')).toBeNull()
    expect(cacheKey('/subscribe')).toBeNull()
    expect(cacheKey('/subscribers-news')).toBe('/subscribers-news')
    expect(cacheKey('http://evil/')).toBeNull()
  })

  it('compares validators weakly and picks the best encoding', () => {
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true)
    expect(etagMatches('"x", W/"abc"', 'W/"abc"')).toBe(true)
    expect(etagMatches('*', 'W/"abc"')).toBe(true)
    expect(etagMatches('"abd"', 'W/"abc"')).toBe(false)
    expect(pickEncoding('gzip, deflate, br')).toBe('br')
    expect(pickEncoding('gzip, br;q=0')).toBe('gzip')
    expect(pickEncoding('identity')).toBe('identity')
    expect(pickEncoding(undefined)).toBe('identity')
  })
})
