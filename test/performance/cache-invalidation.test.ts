/**
 * The site's response cache against the running stack (docs/decisions/006):
 * what it answers from memory, and that every change staff make — publish,
 * correct, unpublish, delete, topics, site settings — shows on every site
 * instance at once, including under load while the change commits. Deadlines
 * here are generous on purpose: they tell an event-driven purge (milliseconds)
 * from the 60-second max age, they do not measure speed (`npm run bench` does).
 */
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminToken, api, createStaff, lexical, requireStack } from '../support/api'
import { getTestPayload } from '../support/payload'
import {
  type CacheStatus,
  cacheControl,
  cacheStatus,
  internalSecret,
  startSiteInstance,
  waitFor,
} from './site-instances'

/** Long enough that a purge cannot be mistaken for expiry (default max age 60 s), short enough for a slow CI. */
const EVENT_DEADLINE_MS = 5000

type Editor = { token: string }
let editor: Editor

async function get(siteUrl: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${siteUrl}${path}`, { headers: { 'accept-encoding': 'br, gzip', ...headers } })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

async function publishArticle(title: string, extra: Record<string, unknown> = {}) {
  const created = await api('POST', '/articles', {
    token: editor.token,
    body: {
      title,
      section: 'notice',
      summary: `${title}的摘要`,
      content: lexical(`${title}。正文用于缓存测试。`),
      _status: 'published',
      ...extra,
    },
  })
  if (created.status !== 201) throw new Error(`publish failed: ${created.status} ${JSON.stringify(created.body)}`)
  return created.body.doc as { id: number; slug: string; title: string }
}

const patchArticle = (id: number, body: Record<string, unknown>) =>
  api('PATCH', `/articles/${id}`, { token: editor.token, body })

/** Waits until the page at `path` satisfies `check`; returns whether it did within the event deadline. */
const becomes = (siteUrl: string, path: string, check: (page: Awaited<ReturnType<typeof get>>) => boolean) =>
  waitFor(async () => check(await get(siteUrl, path)), { timeoutMs: EVENT_DEADLINE_MS })

const unique = () => `缓存${randomUUID().slice(0, 6)}`

beforeAll(async () => {
  editor = await createStaff('editor')
})

describe('response cache', () => {
  it('answers repeat requests from memory with an ETag, Vary and a CDN-friendly Cache-Control; 304 when unchanged', async () => {
    const { siteUrl } = requireStack()
    const article = await publishArticle(`缓存头部测试${unique()}`)
    const path = `/articles/${article.slug}`
    expect(await becomes(siteUrl, path, (p) => p.status === 200)).toBe(true)
    const first = await get(siteUrl, path)
    const second = await get(siteUrl, path)
    expect(second.headers.get('x-cache')).toBe('HIT')
    expect(second.text).toBe(first.text)
    const etag = second.headers.get('etag')!
    expect(etag).toBeTruthy()
    expect(second.headers.get('vary')).toMatch(/accept-encoding/i)
    const cc = second.headers.get('cache-control')!
    expect(cc).toMatch(/\bpublic\b/)
    expect(cc).toMatch(/s-maxage=\d+/)
    expect(cc).toMatch(/stale-while-revalidate=\d+/)

    const notModified = await fetch(`${siteUrl}${path}`, { headers: { 'if-none-match': etag } })
    expect(notModified.status).toBe(304)
    expect(await notModified.text()).toBe('')
    expect(notModified.headers.get('etag')).toBe(etag)

    // Every encoding carries the same page.
    for (const encoding of ['br', 'gzip', 'identity']) {
      const response = await fetch(`${siteUrl}${path}`, { headers: { 'accept-encoding': encoding } })
      expect(response.headers.get('content-encoding') ?? 'identity').toBe(encoding)
      expect(await response.text()).toBe(first.text)
    }
    const head = await fetch(`${siteUrl}${path}`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('shows publish, correction, unpublish and delete on the page, the lists and the feeds at once', async () => {
    const { siteUrl } = requireStack()
    const lists = ['/', '/sections/notice', '/feed.xml', '/sections/notice/feed.xml']
    // Prime the cache so that stale copies exist to be purged.
    for (const path of lists) {
      await get(siteUrl, path)
      expect((await get(siteUrl, path)).headers.get('x-cache')).toBe('HIT')
    }

    const token = `perf${randomUUID().slice(0, 8)}`
    const title = `缓存发布测试 ${token}`
    const article = await publishArticle(title)
    const path = `/articles/${article.slug}`
    for (const list of lists) {
      expect(await becomes(siteUrl, list, (p) => p.text.includes(token)), `${list} shows the new article`).toBe(true)
    }
    expect(await becomes(siteUrl, path, (p) => p.status === 200 && p.text.includes(token))).toBe(true)
    const before = await get(siteUrl, path)

    const corrected = `${title} 更正${unique()}`
    expect((await patchArticle(article.id, { title: corrected })).status).toBe(200)
    expect(await becomes(siteUrl, path, (p) => p.text.includes(corrected))).toBe(true)
    expect(await becomes(siteUrl, '/feed.xml', (p) => p.text.includes(corrected))).toBe(true)
    const after = await get(siteUrl, path)
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'))
    const stale = await fetch(`${siteUrl}${path}`, { headers: { 'if-none-match': before.headers.get('etag')! } })
    expect(stale.status).toBe(200)

    expect((await patchArticle(article.id, { _status: 'draft' })).status).toBe(200)
    expect(await becomes(siteUrl, path, (p) => p.status === 404)).toBe(true)
    expect(await becomes(siteUrl, '/sections/notice', (p) => !p.text.includes(token))).toBe(true)
    expect(await becomes(siteUrl, '/feed.xml', (p) => !p.text.includes(token))).toBe(true)

    expect((await patchArticle(article.id, { _status: 'published' })).status).toBe(200)
    expect(await becomes(siteUrl, path, (p) => p.status === 200)).toBe(true)
    expect((await api('DELETE', `/articles/${article.id}`, { token: editor.token })).status).toBe(200)
    expect(await becomes(siteUrl, path, (p) => p.status === 404)).toBe(true)
    expect(await becomes(siteUrl, '/feed.xml', (p) => !p.text.includes(token))).toBe(true)
  })

  it('shows a publish and an unpublish in search results at once', async () => {
    const { siteUrl } = requireStack()
    const token = `perf${randomUUID().slice(0, 8)}`
    const searchPath = `/search?q=${token}`
    await get(siteUrl, searchPath)
    expect((await get(siteUrl, searchPath)).headers.get('x-cache')).toBe('HIT')
    const article = await publishArticle(`缓存搜索测试 ${token}`)
    expect(await becomes(siteUrl, searchPath, (p) => p.status === 200 && p.text.includes(article.slug))).toBe(true)
    expect((await patchArticle(article.id, { _status: 'draft' })).status).toBe(200)
    expect(await becomes(siteUrl, searchPath, (p) => p.status === 200 && !p.text.includes(article.slug))).toBe(true)
  })

  it('shows an article the schedule publishes, with nobody touching the site', async () => {
    const { siteUrl } = requireStack()
    const token = `perf${randomUUID().slice(0, 8)}`
    const created = await api('POST', '/articles', {
      token: editor.token,
      body: { title: `定时发布缓存测试 ${token}`, section: 'notice', content: lexical('定时发布。') },
    })
    expect(created.status).toBe(201)
    await get(siteUrl, '/sections/notice')
    expect((await get(siteUrl, '/sections/notice')).headers.get('x-cache')).toBe('HIT')
    // What the admin's schedule drawer queues; the CMS's job cron (every 10 s) runs it.
    const payload = await getTestPayload()
    const editorId = (await api('GET', '/users/me', { token: editor.token })).body.user.id
    await payload.jobs.queue({
      task: 'schedulePublish',
      input: {
        type: 'publish',
        doc: { relationTo: 'articles', value: String(created.body.doc.id) },
        user: { relationTo: 'users', value: editorId },
      },
      waitUntil: new Date(Date.now() + 500),
      queue: 'default',
    } as never)
    // Within the cron's period plus a margin, far inside the 60-second max age: the job's commit purged the list.
    const shown = await waitFor(async () => (await get(siteUrl, '/sections/notice')).text.includes(token), {
      timeoutMs: 40_000,
      intervalMs: 250,
    })
    expect(shown).toBe(true)
  })

  it('never answers from the cache for a request with cookies, nor for a preview', async () => {
    const { siteUrl } = requireStack()
    await get(siteUrl, '/sections/news')
    expect((await get(siteUrl, '/sections/news')).headers.get('x-cache')).toBe('HIT')
    const withCookie = await get(siteUrl, '/sections/news', { cookie: 'prefs=large' })
    expect(withCookie.status).toBe(200)
    expect(withCookie.headers.get('x-cache')).not.toBe('HIT')

    for (let i = 0; i < 2; i++) {
      const preview = await get(siteUrl, '/preview?token=not-a-real-token')
      expect(preview.headers.get('x-cache')).toBeNull()
      expect(preview.headers.get('cache-control') ?? '').not.toMatch(/\bpublic\b/)
    }
  })

  it('refreshes what shows a topic or the site settings when they change', async () => {
    const { siteUrl } = requireStack()
    const token = await adminToken()
    const topics = await api('GET', '/topics', { query: { limit: 1, sort: 'name' } })
    const topic = topics.body.docs[0] as { id: number; name: string; slug: string }
    await get(siteUrl, '/topics')
    const renamed = `${topic.name}${unique()}`
    try {
      expect((await api('PATCH', `/topics/${topic.id}`, { token, body: { name: renamed } })).status).toBe(200)
      expect(await becomes(siteUrl, '/topics', (p) => p.text.includes(renamed))).toBe(true)
    } finally {
      await api('PATCH', `/topics/${topic.id}`, { token, body: { name: topic.name } })
    }

    const settings = (await api('GET', '/globals/site-settings', { token, query: { depth: 0 } })).body
    await get(siteUrl, '/')
    const icp = `沪ICP备${Math.floor(Math.random() * 1e8)}号`
    try {
      const changed = await api('POST', '/globals/site-settings', {
        token,
        body: { footer: { ...settings.footer, icp } },
      })
      expect(changed.status).toBe(200)
      expect(await becomes(siteUrl, '/', (p) => p.text.includes(icp))).toBe(true)
    } finally {
      await api('POST', '/globals/site-settings', { token, body: { footer: settings.footer ?? {} } })
    }
  })
})

describe('two site instances', () => {
  let second: Awaited<ReturnType<typeof startSiteInstance>>
  let shortLived: Awaited<ReturnType<typeof startSiteInstance>>
  let db: pg.Client

  beforeAll(async () => {
    second = await startSiteInstance()
    // Max age 1 s: what a lost event may cost on this instance.
    shortLived = await startSiteInstance({ RESPONSE_CACHE_MAX_AGE: '1' })
    db = new pg.Client({ connectionString: requireStack().databaseUrl })
    await db.connect()
  })
  afterAll(async () => {
    await Promise.all([second?.stop(), shortLived?.stop(), db?.end()])
  })

  it('both instances show a correction', async () => {
    const { siteUrl } = requireStack()
    const article = await publishArticle(`双实例测试${unique()}`)
    const path = `/articles/${article.slug}`
    for (const url of [siteUrl, second.url]) {
      expect(await becomes(url, path, (p) => p.status === 200)).toBe(true)
      await get(url, path)
    }
    const corrected = `双实例更正${unique()}`
    await patchArticle(article.id, { title: corrected })
    for (const url of [siteUrl, second.url]) {
      expect(await becomes(url, path, (p) => p.text.includes(corrected)), url).toBe(true)
    }
  })

  it('leaves every instance on the newest version after corrections committed under concurrent load', async () => {
    const { siteUrl } = requireStack()
    const article = await publishArticle(`并发更正测试${unique()}`)
    const path = `/articles/${article.slug}`
    const instances = [siteUrl, second.url]
    for (const url of instances) expect(await becomes(url, path, (p) => p.status === 200)).toBe(true)

    // 12 clients per instance request the page without pause while three corrections commit:
    // renders that read the old row finish after the purge; none of them may be stored.
    let hammering = true
    let requests = 0
    const hammer = instances.flatMap((url) =>
      Array.from({ length: 12 }, async () => {
        while (hammering) {
          await get(url, path)
          requests++
        }
      }),
    )
    let latest = ''
    for (let i = 1; i <= 3; i++) {
      latest = `并发更正第${i}版${unique()}`
      expect((await patchArticle(article.id, { title: latest })).status).toBe(200)
      await new Promise((r) => setTimeout(r, 150))
    }
    hammering = false
    await Promise.all(hammer)
    expect(requests).toBeGreaterThan(50)

    for (const url of instances) {
      expect(await becomes(url, path, (p) => p.text.includes(latest)), url).toBe(true)
      // …and stays there: no late render of an old version replaced it.
      await new Promise((r) => setTimeout(r, 300))
      const pages = await Promise.all(Array.from({ length: 10 }, () => get(url, path)))
      expect(pages.every((p) => p.text.includes(latest))).toBe(true)
    }
  })

  it('bounds what a lost event costs by the max age, and purges everything on reconnect', async () => {
    const { siteUrl } = requireStack()
    const article = await publishArticle(`丢失事件测试${unique()}`)
    const path = `/articles/${article.slug}`
    for (const url of [siteUrl, shortLived.url]) {
      expect(await becomes(url, path, (p) => p.status === 200)).toBe(true)
      await get(url, path)
    }
    // A change behind Payload's back: no hook runs, no event is sent — as if the notification were lost.
    const silent = `无通知的更正${unique()}`
    await db.query('UPDATE articles SET title = $1 WHERE id = $2', [silent, article.id])

    expect(await becomes(shortLived.url, path, (p) => p.text.includes(silent))).toBe(true)
    // The instance with the default max age still holds its copy: nothing told it.
    expect((await get(siteUrl, path)).text).not.toContain(silent)

    // A reconnect of the event stream may have missed anything, so it purges everything.
    const before = await cacheStatus(siteUrl)
    await cacheControl(siteUrl, 'reconnect')
    expect(
      await waitFor(async () => {
        const now = await cacheStatus(siteUrl)
        return now.connected && now.generation > before.generation
      }),
    ).toBe(true)
    expect(await becomes(siteUrl, path, (p) => p.text.includes(silent))).toBe(true)
  })
})

describe('one site instance of several worker processes (SITE_WORKERS)', () => {
  let clustered: Awaited<ReturnType<typeof startSiteInstance>>

  /** A GET on a connection of its own, so node:cluster hands it to the next worker in turn. */
  const fresh = (url: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http
        .get(url, { agent: false, timeout: 3000, headers: { 'accept-encoding': 'identity', ...headers } }, (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk) => {
            text += chunk
          })
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
        })
        .on('error', reject)
      // A connection handed to a worker at the moment it dies is never answered: give up on it, not on the test.
      request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 3 s`)))
    })

  /** Status of every worker, read over fresh connections until each pid has answered. */
  async function workerStatuses(url: string, workers: number) {
    const seen = new Map<number, CacheStatus>()
    for (let i = 0; i < 40 && seen.size < workers; i++) {
      const answer = await fresh(`${url}/_internal/cache`, { 'x-newsroom-internal': internalSecret() }).catch(
        () => null,
      )
      if (answer?.status !== 200) continue
      const status = JSON.parse(answer.text) as CacheStatus & { pid: number }
      seen.set(status.pid, status)
    }
    return seen
  }

  beforeAll(async () => {
    clustered = await startSiteInstance({ SITE_WORKERS: '2' })
    // Every worker must follow the content events before a purge can be expected of it.
    const connected = await waitFor(async () => {
      const statuses = await workerStatuses(clustered.url, 2)
      return statuses.size === 2 && [...statuses.values()].every((s) => s.connected)
    })
    expect(connected, 'both workers running and connected to the CMS').toBe(true)
  })
  afterAll(async () => {
    await clustered?.stop()
  })

  it('shares one port between two processes, each with its own cache, and purges both on a correction', async () => {
    const article = await publishArticle(`多进程测试${unique()}`)
    const path = `/articles/${article.slug}`
    expect(await waitFor(async () => (await fresh(`${clustered.url}${path}`)).status === 200)).toBe(true)
    // Enough fresh connections that every worker renders and stores the page.
    for (let i = 0; i < 6; i++) expect((await fresh(`${clustered.url}${path}`)).text).toContain(article.title)
    const statuses = await workerStatuses(clustered.url, 2)
    expect(statuses.size).toBe(2)
    for (const status of statuses.values()) expect(status.entries).toBeGreaterThan(0)

    const corrected = `多进程更正${unique()}`
    expect((await patchArticle(article.id, { title: corrected })).status).toBe(200)
    // Every one of several consecutive answers, spread over both workers, shows the correction.
    const allCorrected = await waitFor(
      async () => {
        const pages = await Promise.all(Array.from({ length: 6 }, () => fresh(`${clustered.url}${path}`)))
        return pages.every((p) => p.text.includes(corrected))
      },
      { timeoutMs: EVENT_DEADLINE_MS },
    )
    expect(allCorrected).toBe(true)
  })

  it('replaces a worker that dies, and keeps serving meanwhile', async () => {
    const before = await workerStatuses(clustered.url, 2)
    expect(before.size).toBe(2)
    const [victim] = [...before.keys()]
    process.kill(victim!, 'SIGKILL')
    const replaced = await waitFor(
      async () => {
        const now = await workerStatuses(clustered.url, 2).catch(() => new Map())
        return now.size === 2 && !now.has(victim!) && [...now.values()].every((s) => s.connected)
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    )
    expect(replaced, 'a new worker took the dead one’s place').toBe(true)
    expect((await fresh(`${clustered.url}/`)).status).toBe(200)
  })
})
