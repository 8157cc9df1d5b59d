/**
 * Several CMS instances on one database behave as one, behind the nginx front
 * of deploy/, with the site's reads on a streaming replica (issue 13). One
 * cluster for the whole file (test/infrastructure/cluster.ts): PostgreSQL
 * primary + replica, two CMS and two site instances from deploy/systemd,
 * nginx from deploy/nginx with TLS, a loopback SMTP server counting mail per
 * recipient.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { weekContaining } from '../../cms/src/subscriptions/week'
import { lexicalDocument } from '../../scripts/lib/cms-rest.mjs'
import { requireStack } from '../support/api'
import type { ReceivedMail } from '../support/smtp'
import {
  ADMIN,
  type Cluster,
  call,
  clusterPayload,
  sendingInstance,
  signalTree,
  startCluster,
  UNITS,
  waitForConnected,
} from './cluster'

let cluster: Cluster
let dir: string
let token: string

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  // The shared stack's build is what runs here; its servers are not used.
  requireStack()
  dir = mkdtempSync(path.join(tmpdir(), 'newsroom-cluster-'))
  cluster = await startCluster(dir, (line) => console.log(`[cluster] ${line}`))
  token = await login(cluster.cms[0]!.url)
}, 420_000)

afterAll(async () => {
  await cluster?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function login(cmsUrl: string, account = ADMIN): Promise<string> {
  const reply = await call(`${cmsUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  })
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${reply.text}`)
  return reply.json().token
}

/** REST as staff, on one CMS instance directly. */
async function rest(cmsUrl: string, method: string, apiPath: string, body?: unknown, auth = token) {
  const reply = await call(`${cmsUrl}/api${apiPath}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `JWT ${auth}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: reply.status, body: reply.text ? reply.json() : null }
}

/** A reader's GET through nginx (TLS). */
const viaNginx = (sitePath: string, headers: Record<string, string> = {}, localAddress?: string) =>
  call(`${cluster.siteUrl}${sitePath}`, { headers, ca: cluster.certificate, localAddress })

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(50)
  }
}

async function publishedArticle(cmsUrl = cluster.cms[0]!.url) {
  const { body } = await rest(
    cmsUrl,
    'GET',
    '/articles?where[_status][equals]=published&sort=-publishedAt&limit=1&depth=0',
  )
  return body.docs[0] as { id: number; slug: string; title: string }
}

describe('deployment: bootstrap, nginx, sessions, limits', () => {
  it('migrates and seeds once while both CMS instances bootstrap at the same time', async () => {
    expect(cluster.bootstrapOutput).toHaveLength(2)
    const seeded = cluster.bootstrapOutput.filter((line) => line.includes('sample content seeded'))
    expect(seeded, cluster.bootstrapOutput.join('\n')).toHaveLength(1)
    const articles = Number(/\((\d+) articles\)/.exec(seeded[0]!)?.[1])
    const [migrations] = await cluster.sql<{ all: number; distinct: number }>(
      'SELECT count(*)::int AS all, count(DISTINCT name)::int AS distinct FROM payload_migrations',
    )
    expect(migrations!.all).toBe(migrations!.distinct)
    expect(migrations!.all).toBeGreaterThan(0)
    const [counts] = await cluster.sql<{ articles: number; users: number }>(
      'SELECT (SELECT count(*)::int FROM articles) AS articles, (SELECT count(*)::int FROM users) AS users',
    )
    expect(counts).toEqual({ articles, users: 1 })
  })

  it('ships systemd units that systemd-analyze accepts as they are', async () => {
    // The units' process lines are what started every instance here; this checks the rest of each file.
    const units = ['newsroom-cms@3001.service', 'newsroom-site@3000.service', 'newsroom-jobs.service']
    const work = path.join(dir, 'units')
    mkdirSync(work)
    for (const file of readdirSync(UNITS)) copyFileSync(path.join(UNITS, file), path.join(work, file))
    const { stdout, stderr } = await promisify(execFile)('systemd-analyze', ['verify', '--man=no', ...units], {
      cwd: work,
    })
    expect(`${stdout}${stderr}`.trim()).toBe('')
  })

  it('nginx serves the site over TLS, redirects plain HTTP, and passes the site’s compressed pages through', async () => {
    const redirect = await call(`${cluster.httpUrl}/topics`)
    expect(redirect.status).toBe(301)
    expect(redirect.headers.location).toBe('https://127.0.0.1/topics')

    // Warm both instances' caches, then compare what nginx sends with what each instance sends itself.
    const direct: Buffer[] = []
    for (const site of cluster.sites) {
      await call(`${site.url}/`, { headers: { 'accept-encoding': 'br' } })
      direct.push((await call(`${site.url}/`, { headers: { 'accept-encoding': 'br' } })).body)
    }
    const through = await viaNginx('/', { 'accept-encoding': 'br' })
    expect(through.status).toBe(200)
    expect(through.headers['content-encoding']).toBe('br')
    expect(direct.some((bytes) => bytes.equals(through.body))).toBe(true)

    // What the site sends uncompressed (a form page, never cached) is gzipped by nginx.
    const form = await viaNginx('/subscribe', { 'accept-encoding': 'gzip' })
    expect(form.status).toBe(200)
    expect(form.headers['content-encoding']).toBe('gzip')
  })

  it('a staff session from one CMS instance works on the other, and logging out on one ends it on both', async () => {
    const [a, b] = cluster.cms as [Cluster['cms'][0], Cluster['cms'][0]]
    const session = await login(a.url)
    const me = async (cmsUrl: string) =>
      (await call(`${cmsUrl}/api/users/me`, { headers: { authorization: `JWT ${session}` } })).json().user
    expect((await me(b.url))?.email).toBe(ADMIN.email)
    const out = await call(`${b.url}/api/users/logout`, {
      method: 'POST',
      headers: { authorization: `JWT ${session}` },
    })
    expect(out.status).toBe(200)
    expect(await me(a.url)).toBe(null)
  })
})

async function patchTitle(cmsUrl: string, id: number, title: string) {
  const { status, body } = await rest(cmsUrl, 'PATCH', `/articles/${id}`, { title })
  expect(status, JSON.stringify(body)).toBe(200)
}

/** Until every site instance, asked directly, shows `text` on `sitePath`. */
const everySiteShows = (sitePath: string, text: string, timeoutMs = 5000) =>
  until(
    `${sitePath} showing ${text} on every site instance`,
    async () => {
      const pages = await Promise.all(cluster.sites.map((site) => call(`${site.url}${sitePath}`)))
      return pages.every((page) => page.text.includes(text))
    },
    timeoutMs,
  )

async function mails(): Promise<ReceivedMail[]> {
  return (await fetch(`${cluster.smtp.controlUrl}/messages`)).json() as Promise<ReceivedMail[]>
}

const smtpMode = (mode: Record<string, unknown>) =>
  fetch(`${cluster.smtp.controlUrl}/mode`, { method: 'POST', body: JSON.stringify(mode) })

describe('shared state: limits and content events', () => {
  it('limits sign-ups per reader across instances, keyed on the address nginx saw, not on a forged header', async () => {
    const topics = (await rest(cluster.cms[0]!.url, 'GET', '/topics?limit=1&depth=0')).body.docs
    const signUp = (n: number, localAddress: string) =>
      call(`${cluster.siteUrl}/subscribe`, {
        method: 'POST',
        ca: cluster.certificate,
        localAddress,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          // A client that makes up its own forwarding chain to get a fresh bucket every time.
          'x-forwarded-for': `203.0.113.${n % 250}`,
        },
        body: new URLSearchParams({
          email: `limit-${n}-${localAddress}@cluster.test`,
          topics: topics[0].slug,
          frequency: 'immediate',
        }).toString(),
      })
    const statuses: number[] = []
    for (let n = 1; n <= 21; n++) statuses.push((await signUp(n, '127.0.0.23')).status)
    // nginx spread these over both site instances and both CMS instances; the one counter in PostgreSQL saw all.
    expect(
      statuses.slice(0, 20).every((status) => status === 303),
      statuses.join(' '),
    ).toBe(true)
    expect(statuses[20]).toBe(429)
    // Another reader is not held up by the first one's count.
    expect((await signUp(1, '127.0.0.24')).status).toBe(303)
  })

  it('counts failed logins on one CMS instance against the other', async () => {
    const [a, b] = cluster.cms as [Cluster['cms'][0], Cluster['cms'][0]]
    const attempt = (instance: typeof a) =>
      call(`${instance.url}/api/users/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody-here@cluster.test', password: 'wrong-password' }),
      })
    let tries = 0
    let last = 0
    // Alternate instances until one refuses; whatever the limit is, both must share the count.
    while (last !== 429 && tries < 60) last = (await attempt(tries++ % 2 === 0 ? a : b)).status
    expect(last).toBe(429)
    expect(tries).toBeGreaterThan(2)
    expect((await attempt(a)).status).toBe(429)
    expect((await attempt(b)).status).toBe(429)
  })

  it('a change made on either CMS instance reaches every site instance', async () => {
    const article = await publishedArticle()
    for (const [i, cms] of cluster.cms.entries()) {
      // Each site follows one CMS instance (nginx chose which); one of these two changes came from the other one.
      for (const site of cluster.sites) await call(`${site.url}/articles/${article.slug}`)
      const title = `${article.title}（经第${i + 1}个内容管理实例修改）`
      await patchTitle(cms.url, article.id, title)
      await everySiteShows(`/articles/${article.slug}`, title)
    }
    await patchTitle(cluster.cms[0]!.url, article.id, article.title)
  })
})

describe('read replica', () => {
  const titleOn = async (url: string, slug: string) =>
    /<h1[^>]*>([^<]*)<\/h1>/.exec((await call(`${url}/articles/${slug}`)).text)?.[1] ?? ''
  const purgeSites = () =>
    Promise.all(
      cluster.sites.map((site) =>
        call(`${site.url}/_internal/cache/purge`, {
          method: 'POST',
          headers: { 'x-newsroom-internal': cluster.internalSecret },
        }),
      ),
    )
  /** A change the CMS does not announce (straight SQL), while the replica's replay is paused: only a replica read misses it. */
  async function changeBehindTheReplica(id: number, title: string) {
    await cluster.db.waitForCatchUp()
    await cluster.db.pauseReplay()
    await cluster.sql('UPDATE articles SET title = $2 WHERE id = $1', [id, title])
    await purgeSites()
  }

  it('serves anonymous reads from the replica, staff reads from the primary, and renders an event’s change even while the replica lags', async () => {
    const article = await publishedArticle()
    const unannounced = `${article.title}（未通知的修改）`
    await changeBehindTheReplica(article.id, unannounced)
    try {
      for (const site of cluster.sites) expect(await titleOn(site.url, article.slug)).toBe(article.title)
      const anonymous = await call(`${cluster.cms[0]!.url}/api/articles/${article.id}?depth=0`)
      expect(anonymous.json().title).toBe(article.title)
      const staff = await rest(cluster.cms[1]!.url, 'GET', `/articles/${article.id}?depth=0`)
      expect(staff.body.title).toBe(unannounced)

      // Replay still paused: the event's position is never reached, so the re-render must read the primary.
      const announced = `${article.title}（副本滞后时的修改）`
      await patchTitle(cluster.cms[1]!.url, article.id, announced)
      await everySiteShows(`/articles/${article.slug}`, announced)
      expect((await viaNginx(`/articles/${article.slug}`)).text).toContain(announced)
    } finally {
      await cluster.db.resumeReplay()
    }
    await patchTitle(cluster.cms[0]!.url, article.id, article.title)
  })

  it('falls back to the primary while the replica is down, and goes back to it when it returns', async () => {
    const article = await publishedArticle()
    const health = async () => (await call(`${cluster.cms[0]!.url}/api/health`)).json()
    await cluster.db.stopReplica()
    try {
      const title = `${article.title}（副本停机时的修改）`
      await patchTitle(cluster.cms[0]!.url, article.id, title)
      await everySiteShows(`/articles/${article.slug}`, title)
      await purgeSites()
      for (const sitePath of ['/', '/feed.xml', `/search?q=${encodeURIComponent('科技')}`, `/articles/${article.slug}`])
        expect((await viaNginx(sitePath)).status, sitePath).toBe(200)
      await until(
        'the CMS to report the replica down',
        async () => (await health()).replicas?.[0]?.state === 'unavailable',
      )
    } finally {
      await cluster.db.startReplica()
    }
    await until('the CMS to use the replica again', async () => (await health()).replicas?.[0]?.state === 'ok', 10_000)
    await patchTitle(cluster.cms[0]!.url, article.id, article.title)
    await everySiteShows(`/articles/${article.slug}`, article.title)
    await changeBehindTheReplica(article.id, `${article.title}（再次未通知）`)
    try {
      for (const site of cluster.sites) expect(await titleOn(site.url, article.slug)).toBe(article.title)
    } finally {
      await cluster.db.resumeReplay()
    }
    await patchTitle(cluster.cms[0]!.url, article.id, article.title)
  })
})

describe('jobs: once across every poller', () => {
  it('fires each scheduled publish once with both CMS instances and the job runner polling', async () => {
    const payload = await clusterPayload(cluster)
    const runner = await cluster.startUnit('newsroom-jobs.service')
    try {
      const [{ id: adminId }] = await cluster.sql<{ id: number }>('SELECT id FROM users LIMIT 1')
      const ids: number[] = []
      for (let i = 0; i < 6; i++) {
        const { status, body } = await rest(cluster.cms[0]!.url, 'POST', '/articles', {
          title: `定时发布一次第${i + 1}篇`,
          section: 'notice',
          content: lexicalDocument(`定时发布一次的正文 ${i + 1}。`),
          _status: 'draft',
        })
        expect(status, JSON.stringify(body)).toBe(201)
        ids.push(body.doc.id)
      }
      // Due just before a 10-second mark, when every poller's cron fires at once.
      const mark = Math.ceil((Date.now() + 4000) / 10_000) * 10_000
      for (const id of ids) {
        await payload.jobs.queue({
          task: 'schedulePublish',
          input: {
            type: 'publish',
            doc: { relationTo: 'articles', value: String(id) },
            user: { relationTo: 'users', value: adminId },
          },
          waitUntil: new Date(mark - 1000),
          queue: 'default',
        } as never)
      }
      await until(
        'the scheduled articles to be published',
        async () => {
          const rows = await cluster.sql(`SELECT id FROM articles WHERE id = ANY($1) AND _status = 'published'`, [ids])
          return rows.length === ids.length
        },
        45_000,
      )
      await sleep(3000)
      const versions = await cluster.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM _articles_v WHERE parent_id = ANY($1) AND version__status = 'published' GROUP BY parent_id`,
        [ids],
      )
      expect(versions.map((v) => v.n)).toEqual(ids.map(() => 1))

      // The runner works on its own: with both CMS instances paused, it publishes the next one.
      const { body } = await rest(cluster.cms[0]!.url, 'POST', '/articles', {
        title: '只由任务进程发布',
        section: 'notice',
        content: lexicalDocument('任务进程发布的正文。'),
        _status: 'draft',
      })
      // Paused outside a claim: an instance frozen while it holds the claim lock would hold up every poller.
      for (let attempt = 0; ; attempt++) {
        for (const cms of cluster.cms) await signalTree(cms, 'SIGSTOP')
        const held = await cluster.sql(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 727100002 AND granted`,
        )
        if (held.length === 0 || attempt > 50) break
        for (const cms of cluster.cms) await signalTree(cms, 'SIGCONT')
        await sleep(200)
      }
      try {
        await payload.jobs.queue({
          task: 'schedulePublish',
          input: {
            type: 'publish',
            doc: { relationTo: 'articles', value: String(body.doc.id) },
            user: { relationTo: 'users', value: adminId },
          },
          queue: 'default',
        } as never)
        await until(
          'the job runner to publish',
          async () =>
            (await cluster.sql(`SELECT 1 FROM articles WHERE id = $1 AND _status = 'published'`, [body.doc.id]))
              .length === 1,
          20_000,
        )
      } finally {
        for (const cms of cluster.cms) await signalTree(cms, 'SIGCONT')
      }
    } finally {
      await import('../../scripts/lib/processes.mjs').then(({ stopChild }) => stopChild(runner.child))
    }
  }, 120_000)

  it('sends the weekly digest once when two runs of it race on two instances', async () => {
    const payload = await clusterPayload(cluster)
    const readers = ['digest-a', 'digest-b', 'digest-c'].map((name) => `${name}@cluster.test`)
    for (const email of readers) {
      await payload.create({
        collection: 'subscribers',
        data: {
          email,
          allTopics: true,
          frequency: 'weekly',
          state: 'active',
          consentAt: new Date().toISOString(),
          source: '测试导入',
        },
        overrideAccess: true,
      })
    }
    const week = weekContaining(new Date()).key
    // What two CMS instances' Monday schedules would both queue.
    await Promise.all([0, 1].map(() => payload.jobs.queue({ task: 'weeklyDigest', input: { week }, queue: 'mail' })))
    await until(
      'every weekly reader to get the digest',
      async () => {
        const received = await mails()
        return readers.every((r) => received.some((m) => m.envelopeTo.includes(r)))
      },
      45_000,
    )
    await sleep(6000)
    const received = await mails()
    for (const reader of readers) expect(received.filter((m) => m.envelopeTo.includes(reader))).toHaveLength(1)
    const digests = await cluster.sql('SELECT id FROM mailings WHERE digest_week = $1', [week])
    expect(digests).toHaveLength(1)
  }, 90_000)
})

describe('an instance dies', () => {
  it('loses and repeats no mail when the sending CMS is killed mid-send', async () => {
    // 600 here; `npm run bench -- --only cluster` and the ADR's figures are for 2,000 (the mail rate is the bench's).
    const count = 600
    await cluster.sql(
      `INSERT INTO subscribers (email, all_topics, frequency, state, consent_at, source)
       SELECT 'bulk-' || n || '@bulk.cluster.test', true, 'immediate', 'active', now(), '测试导入'
       FROM generate_series(1, $1::int) AS n`,
      [count],
    )
    const bulk = (all: ReceivedMail[]) => all.filter((m) => m.envelopeTo[0]?.endsWith('@bulk.cluster.test'))
    // The SMTP server accepts 200 mails, then holds every further one unanswered: the sender is stuck mid-send.
    await smtpMode({ mode: 'hold', allow: 200 })
    const { status, body } = await rest(cluster.cms[0]!.url, 'POST', '/articles', {
      title: '六百位订阅者的通知',
      section: 'notice',
      summary: '发给六百位订阅者。',
      content: lexicalDocument('六百位订阅者的通知正文。'),
      _status: 'published',
    })
    expect(status, JSON.stringify(body)).toBe(201)
    await until('200 mails to arrive', async () => bulk(await mails()).length >= 200, 60_000)
    // The instance with connections open to the SMTP server is the one sending.
    const victim = await sendingInstance(cluster.cms, cluster.smtp.port)
    expect(victim).not.toBe(null)
    const survivor = cluster.cms.find((cms) => cms !== victim)!
    if (!victim) return
    await signalTree(victim, 'SIGKILL')
    await smtpMode({ mode: 'accept' })

    await until(
      `all ${count} subscribers to get the mail from the other instance`,
      async () => new Set(bulk(await mails()).map((m) => m.envelopeTo[0])).size >= count,
      150_000,
    )
    await sleep(8000)
    const received = bulk(await mails())
    const perRecipient = new Map<string, number>()
    for (const mail of received) perRecipient.set(mail.envelopeTo[0]!, (perRecipient.get(mail.envelopeTo[0]!) ?? 0) + 1)
    expect(perRecipient.size).toBe(count)
    expect([...perRecipient.values()].filter((n) => n > 1)).toEqual([])
    const [ledger] = await cluster.sql<{ sent: number }>(
      `SELECT count(*) FILTER (WHERE d.state = 'sent')::int AS sent FROM deliveries d
       JOIN mailings m ON m.id = d.mailing_id WHERE m.article_id = $1`,
      [body.doc.id],
    )
    expect(ledger!.sent).toBe(count)

    // The sites that followed the dead instance's events now follow the survivor's, through nginx.
    for (const site of cluster.sites) await waitForConnected(site.url, cluster.internalSecret)
    const article = await publishedArticle(survivor.url)
    const title = `${article.title}（实例宕机后修改）`
    await patchTitle(survivor.url, article.id, title)
    await everySiteShows(`/articles/${article.slug}`, title)
    expect((await viaNginx(`/articles/${article.slug}`)).status).toBe(200)
  }, 240_000)
})
