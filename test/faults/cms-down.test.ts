/**
 * The CMS process down, as the site sees it: a site instance reaches the CMS
 * through a relay the test can cut. While it is cut, pages the instance has
 * cached keep being served, /healthz says the CMS is unreachable, pages it
 * never rendered fail in Chinese without a stack trace; when the CMS is back
 * the instance recovers by itself.
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSiteInstance, waitFor } from '../performance/site-instances'
import { api, requireStack } from '../support/api'
import { freePort } from '../support/ports'

/** A TCP relay to the CMS that can be cut and restored, as a crashed and restarted CMS process would look. */
function cmsRelay(target: URL, port: number) {
  const sockets = new Set<net.Socket>()
  let server: net.Server | null = null
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname)
        for (const s of [client, upstream]) {
          sockets.add(s)
          s.on('close', () => sockets.delete(s))
          s.on('error', () => s.destroy())
        }
        client.pipe(upstream).pipe(client)
      })
      server.listen(port, '127.0.0.1', () => resolve())
    })
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      if (server) server.close(() => resolve())
      else resolve()
      server = null
    })
  return { open, cut }
}

let site: { url: string; stop: () => Promise<void> }
let relay: ReturnType<typeof cmsRelay>
let articleSlugs: string[]

beforeAll(async () => {
  const stack = requireStack()
  const port = await freePort()
  relay = cmsRelay(new URL(stack.cmsUrl), port)
  await relay.open()
  site = await startSiteInstance({ CMS_INTERNAL_URL: `http://127.0.0.1:${port}` })
  const { body } = await api('GET', '/articles', {
    query: { limit: 3, depth: 0, sort: '-publishedAt', 'where[_status][equals]': 'published' },
  })
  articleSlugs = body.docs.map((a: { slug: string }) => a.slug)
  expect(articleSlugs).toHaveLength(3)
}, 60_000)

afterAll(async () => {
  await site?.stop()
  await relay?.cut()
})

const get = async (path: string) => {
  const response = await fetch(`${site.url}${path}`)
  return { status: response.status, html: await response.text(), headers: response.headers }
}

describe('the CMS down', () => {
  it('keeps serving cached pages, reports it in /healthz, fails the rest in Chinese, and recovers', async () => {
    expect((await get('/healthz')).status).toBe(200)
    // Cache the home page and two articles; the third article is never rendered before the outage.
    const cached: Record<string, string> = {}
    for (const path of ['/', `/articles/${articleSlugs[0]}`, `/articles/${articleSlugs[1]}`]) {
      const first = await get(path)
      expect(first.status, path).toBe(200)
      cached[path] = first.html
    }

    await relay.cut()
    // Past the one second a page lives while the content events are lost.
    await new Promise((r) => setTimeout(r, 1500))
    for (const [path, html] of Object.entries(cached)) {
      const during = await get(path)
      expect(during.status, path).toBe(200)
      expect(during.html, path).toBe(html)
    }
    const health = await get('/healthz')
    expect(health.status).toBe(503)
    expect(JSON.parse(health.html)).toMatchObject({ status: 'degraded', cms: 'unreachable' })

    const uncached = await get(`/articles/${articleSlugs[2]}`)
    expect(uncached.status).toBe(503)
    expect(uncached.headers.get('retry-after')).toBe('30')
    expect(uncached.html).toMatch(/[\u4e00-\u9fff]/)
    expect(uncached.html).not.toMatch(/at .+\.(?:js|ts):\d+|Error: /)

    await relay.open()
    const recovered = await waitFor(async () => (await get('/healthz')).status === 200, {
      timeoutMs: 15_000,
      intervalMs: 250,
    })
    expect(recovered).toBe(true)
    expect((await get(`/articles/${articleSlugs[2]}`)).status).toBe(200)
  }, 90_000)
})
