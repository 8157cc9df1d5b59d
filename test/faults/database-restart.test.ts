/**
 * PostgreSQL restarts while the site is under load. A real restart, not a
 * simulated one: this suite starts its own PostgreSQL (embedded, in a temp dir,
 * on a free port; the machine's shared server is never touched), its own CMS
 * and site over it, stops the server with a fast shutdown, as an operator's
 * restart or a failover does, and starts it again on the same port and data
 * directory. Nothing else is restarted.
 *
 * While readers' requests keep coming: cached pages keep answering 200 with
 * the same bytes, a page never rendered answers a Chinese 503 with
 * Retry-After, the CMS answers 503 DATABASE_UNAVAILABLE, /healthz says the
 * database is down, editors' saves fail with a message within a bounded time,
 * and everything recovers by itself. Saves caught by the restart halfway
 * through their transaction, or during their COMMIT, leave the article, its
 * relations, versions, search entry and audit trail all old (or all new, if
 * the editor was told it was saved).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RestartTolerantPool } from '../../cms/src/lib/database'
import { type AppStack, startAppStack } from '../../scripts/lib/app-stack.mjs'
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.mjs'
import { waitFor } from '../performance/site-instances'
import { lexical, requireStack } from '../support/api'
import { freePort } from '../support/ports'

const ADMIN = { email: 'restart-admin@newsroom.test', password: 'Restart-admin-密码-2016' }
/** Markers in titles that the test's triggers recognise (see holdSavesMidway). */
const MID_TRANSACTION = '保存途中断库'
const AT_COMMIT = '提交途中断库'
/** Bound on any single request: "a clear error, not a hang". */
const REQUEST_LIMIT_MS = 20_000

type Postgres = Awaited<ReturnType<typeof startEmbeddedPostgres>>

let dataDir: string
let pgOptions: Parameters<typeof startEmbeddedPostgres>[0]
let postgres: Postgres
let app: AppStack
let token: string
const cmsLines: string[] = []

beforeAll(async () => {
  // The shared stack's build is what runs here; its own servers are not used.
  requireStack()
  dataDir = mkdtempSync(path.join(tmpdir(), 'newsroom-db-restart-'))
  pgOptions = { dataDir: path.join(dataDir, 'postgres'), port: await freePort(), database: 'newsroom', log: () => {} }
  postgres = await startEmbeddedPostgres(pgOptions)
  app = await startAppStack({
    databaseUrl: postgres.url,
    dataDir,
    payloadSecret: 'restart-test-secret-0123456789abcdef0123456789abcdef',
    admin: ADMIN,
    // No job polling: its errors during the outage would only add noise to the log asserted on below.
    cmsEnv: { PAYLOAD_JOBS_AUTORUN: 'false' },
    onLine: (name, line) => {
      if (name === 'cms') cmsLines.push(line)
    },
  })
  token = await login()
}, 240_000)

afterAll(async () => {
  await app?.stop()
  await postgres?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

async function login(): Promise<string> {
  const response = await fetch(`${app.cmsUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  })
  const body = await response.json()
  if (!body.token) throw new Error(`login failed: ${response.status} ${JSON.stringify(body)}`)
  return body.token
}

async function cms(method: string, apiPath: string, body?: unknown) {
  const response = await fetch(`${app.cmsUrl}/api${apiPath}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_LIMIT_MS),
  })
  const text = await response.text()
  let json: any = null
  try {
    json = JSON.parse(text)
  } catch {}
  return { status: response.status, json, text, headers: response.headers }
}

async function page(sitePath: string) {
  const response = await fetch(`${app.siteUrl}${sitePath}`, { signal: AbortSignal.timeout(REQUEST_LIMIT_MS) })
  return { status: response.status, html: await response.text(), headers: response.headers }
}

async function sql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: postgres.url })
  await client.connect()
  try {
    return (await client.query(text, values)).rows as T[]
  } finally {
    await client.end()
  }
}

/** Everything one save of an article writes, read straight from the tables. */
async function savedState(id: number) {
  const [row] = await sql<{ title: string }>('SELECT title FROM articles WHERE id = $1', [id])
  const topics = await sql<{ t: number }>(
    `SELECT topics_id AS t FROM articles_rels WHERE parent_id = $1 AND path = 'topics' ORDER BY topics_id`,
    [id],
  )
  const versions = await sql<{ id: number; title: string }>(
    'SELECT id, version_title AS title FROM _articles_v WHERE parent_id = $1 ORDER BY id DESC',
    [id],
  )
  const versionTopics = versions[0]
    ? await sql<{ t: number }>(
        `SELECT topics_id AS t FROM _articles_v_rels WHERE parent_id = $1 AND path = 'version.topics' ORDER BY topics_id`,
        [versions[0].id],
      )
    : []
  const [search] = await sql<{ title: string }>('SELECT title FROM search_index WHERE article_id = $1', [id])
  const [audit] = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_log WHERE target_collection = 'articles' AND target_id = $1`,
    [String(id)],
  )
  const [reviewLog] = await sql<{ n: number }>(
    'SELECT count(*)::int AS n FROM articles_review_log WHERE _parent_id = $1',
    [id],
  )
  return {
    title: row?.title ?? null,
    topics: topics.map((r) => r.t),
    versions: versions.length,
    latestVersionTitle: versions[0]?.title ?? null,
    latestVersionTopics: versionTopics.map((r) => r.t),
    searchTitle: search?.title ?? null,
    auditEntries: audit?.n ?? 0,
    reviewLogEntries: reviewLog?.n ?? 0,
  }
}

/**
 * Test-only triggers in this suite's own database that park a save where the
 * restart should hit it: a save whose title carries MID_TRANSACTION sleeps
 * when it writes its audit entry, the last write of an article save (the row,
 * its relations, the version and the search entry are written by then); one
 * whose title carries AT_COMMIT sleeps in a deferred trigger, that is, inside
 * its COMMIT. Marker-bound, so no other write is slowed.
 */
async function holdSavesMidway() {
  await sql(`
    CREATE OR REPLACE FUNCTION test_park_save() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_sleep(120); RETURN NULL; END $$;
    CREATE TRIGGER test_park_mid_transaction AFTER INSERT ON audit_log FOR EACH ROW
      WHEN (NEW.summary LIKE '%${MID_TRANSACTION}%') EXECUTE FUNCTION test_park_save();
    CREATE CONSTRAINT TRIGGER test_park_at_commit AFTER UPDATE ON articles DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW WHEN (NEW.title LIKE '%${AT_COMMIT}%') EXECUTE FUNCTION test_park_save();
  `)
}

async function releaseSaves() {
  await sql(`
    DROP TRIGGER IF EXISTS test_park_mid_transaction ON audit_log;
    DROP TRIGGER IF EXISTS test_park_at_commit ON articles;
    DROP FUNCTION IF EXISTS test_park_save();
  `)
}

/** The CMS's backends parked by the triggers, as PostgreSQL sees them. */
async function parkedSaves(): Promise<Array<{ query: string }>> {
  return sql(
    `SELECT query FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event = 'PgSleep' AND pid <> pg_backend_pid()`,
  )
}

/**
 * Readers: a few loops fetching cached pages back to back for as long as the
 * test runs. Each answer is checked against the bytes the page had before.
 */
function startReaders(pages: Record<string, string>, loops = 4) {
  const stats = { requests: 0, duringOutage: 0, failures: [] as string[] }
  let phase: 'before' | 'outage' | 'after' = 'before'
  let running = true
  const paths = Object.keys(pages)
  const loop = async (offset: number) => {
    for (let i = offset; running; i++) {
      const sitePath = paths[i % paths.length]
      const seenIn = phase
      try {
        const { status, html } = await page(sitePath)
        stats.requests++
        if (seenIn === 'outage') stats.duringOutage++
        if (status !== 200) stats.failures.push(`${seenIn} ${sitePath}: ${status}`)
        // After the return, editors' saves change lists legitimately; until then nothing may change.
        else if (seenIn !== 'after' && html !== pages[sitePath])
          stats.failures.push(`${seenIn} ${sitePath}: other bytes`)
      } catch (error) {
        stats.failures.push(`${seenIn} ${sitePath}: ${(error as Error).message}`)
      }
    }
  }
  const done = Promise.all(Array.from({ length: loops }, (_, i) => loop(i)))
  return {
    stats,
    setPhase: (next: typeof phase) => {
      phase = next
    },
    stop: async () => {
      running = false
      await done
      return stats
    },
  }
}

describe('PostgreSQL restarts under load', () => {
  it('gives back a pooled connection that died while checked out', async () => {
    // Payload keeps one client checked out for good; when its connection dies it is never released,
    // so each such outage cost plain pg.Pool a slot for the life of the process.
    const pool = new RestartTolerantPool({ connectionString: postgres.url, max: 2 })
    try {
      const client = await pool.connect()
      const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows
      client.on('error', () => {})
      await sql('SELECT pg_terminate_backend($1)', [pid])
      const returned = await waitFor(async () => pool.totalCount === 0, { timeoutMs: 5_000, intervalMs: 20 })
      expect(returned).toBe(true)
      // The holder's own release later is harmless, and the pool serves fresh connections.
      client.release()
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    } finally {
      await pool.end()
    }
  })

  it('keeps cached pages, fails the rest with a Chinese 503, loses no save by halves, and recovers by itself', async () => {
    const { json: list } = await cms(
      'GET',
      '/articles?limit=6&depth=0&sort=-publishedAt&where[_status][equals]=published',
    )
    const articles = list.docs as Array<{ id: number; slug: string; title: string; topics: number[] }>
    expect(articles).toHaveLength(6)
    const [cachedA, cachedB, neverRendered, midway, atCommit, afterwards] = articles
    const { json: topicList } = await cms('GET', '/topics?limit=8&depth=0')
    const topicIds = (topicList.docs as Array<{ id: number }>).map((t) => t.id)
    expect(topicIds.length).toBeGreaterThanOrEqual(3)

    // Readers' pages, rendered and cached before the outage.
    const cached: Record<string, string> = {}
    for (const sitePath of [
      '/',
      `/articles/${cachedA.slug}`,
      `/articles/${cachedB.slug}`,
      '/sections/news',
      '/feed.xml',
    ]) {
      const first = await page(sitePath)
      expect(first.status, sitePath).toBe(200)
      cached[sitePath] = first.html
    }
    expect((await page('/healthz')).status).toBe(200)
    const readers = startReaders(cached)

    // Three saves parked where the restart will hit them: a correction and a new article in mid-transaction,
    // a correction inside its COMMIT. Each changes the title and the topic relations.
    const before = { midway: await savedState(midway.id), atCommit: await savedState(atCommit.id) }
    const newTopics = (current: number[]) => topicIds.filter((t) => !current.includes(t)).slice(0, 2)
    const changes = {
      midway: { title: `${midway.title}（更正：${MID_TRANSACTION}）`, topics: newTopics(midway.topics) },
      atCommit: { title: `${atCommit.title}（更正：${AT_COMMIT}）`, topics: newTopics(atCommit.topics) },
    }
    const createdTitle = `新文章：${MID_TRANSACTION}`
    await holdSavesMidway()
    const inFlight = {
      midway: cms('PATCH', `/articles/${midway.id}`, changes.midway),
      atCommit: cms('PATCH', `/articles/${atCommit.id}`, changes.atCommit),
      created: cms('POST', '/articles', {
        title: createdTitle,
        section: 'news',
        summary: '重启测试',
        content: lexical('重启测试正文'),
        topics: topicIds.slice(0, 2),
        _status: 'published',
      }),
    }
    const parked = await waitFor(
      async () => {
        const rows = await parkedSaves()
        return rows.length === 3 ? rows : null
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    )
    expect(parked?.map((p) => p.query.trim().toLowerCase().split(/\s/)[0]).sort()).toEqual([
      'commit',
      'insert',
      'insert',
    ])

    // The restart, part one: a fast shutdown, as `pg_ctl restart -m fast` or a failover does.
    const cmsPid = app.cms.pid
    await postgres.stop()
    readers.setPhase('outage')

    // Editors caught by it are told so, in Chinese, within a bounded time.
    const answers = {
      midway: await inFlight.midway,
      atCommit: await inFlight.atCommit,
      created: await inFlight.created,
    }
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.status, `${name}: ${answer.text}`).toBe(503)
      expect(answer.json?.code, name).toBe('DATABASE_UNAVAILABLE')
      expect(answer.json?.errors?.[0]?.message, name).toMatch(/[\u4e00-\u9fff]/)
      expect(answer.headers.get('retry-after'), name).toMatch(/^\d+$/)
    }

    // While it is down: a save is refused with a message rather than a hang or a "not allowed".
    const refused = await cms('PATCH', `/articles/${afterwards.id}`, { title: `${afterwards.title}（断库时保存）` })
    expect(refused.status, refused.text).toBe(503)
    expect(refused.json?.code).toBe('DATABASE_UNAVAILABLE')
    expect(refused.json?.errors?.[0]?.message).toMatch(/数据库/)
    const publicRead = await fetch(`${app.cmsUrl}/api/articles?limit=1`, {
      signal: AbortSignal.timeout(REQUEST_LIMIT_MS),
    })
    expect(publicRead.status).toBe(503)
    expect(publicRead.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await publicRead.json()).code).toBe('DATABASE_UNAVAILABLE')

    // The site: /healthz names the database; a page never rendered is a Chinese 503 without a stack trace.
    const health = await page('/healthz')
    expect(health.status).toBe(503)
    expect(JSON.parse(health.html)).toMatchObject({ status: 'degraded', cms: 'ok', database: 'unavailable' })
    const uncached = await page(`/articles/${neverRendered.slug}`)
    expect(uncached.status).toBe(503)
    expect(uncached.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(uncached.html).toMatch(/[\u4e00-\u9fff]/)
    expect(uncached.html).not.toMatch(/at .+\.(?:js|ts):\d+|Error: /)

    // Readers keep being served for a while (past the site's one-second fallback when the CMS's events stop).
    const outageSeen = readers.stats.duringOutage
    await waitFor(async () => readers.stats.duringOutage >= outageSeen + 200, { timeoutMs: 15_000, intervalMs: 100 })
    await new Promise((r) => setTimeout(r, 1500))

    // The restart, part two: the same data directory on the same port.
    postgres = await startEmbeddedPostgres(pgOptions)
    readers.setPhase('after')
    const back = performance.now()

    // Everything recovers by itself: no process was restarted.
    const recovered = await waitFor(async () => (await page('/healthz')).status === 200, {
      timeoutMs: 30_000,
      intervalMs: 250,
    })
    expect(recovered).toBe(true)
    console.log(`/healthz 200 again ${((performance.now() - back) / 1000).toFixed(2)} s after PostgreSQL was back`)
    expect(app.cms.pid).toBe(cmsPid)
    expect(app.cms.exitCode).toBeNull()
    expect(app.site.exitCode).toBeNull()
    expect((await page(`/articles/${neverRendered.slug}`)).status).toBe(200)
    // The site follows the CMS's content events again, so a correction reaches readers at once.
    const following = await waitFor(
      () =>
        fetch(`${app.siteUrl}/_internal/cache`, { headers: { 'x-newsroom-internal': app.internalSecret } })
          .then((r) => r.json())
          .then((s) => s.connected === true),
      { timeoutMs: 15_000, intervalMs: 100 },
    )
    expect(following).toBe(true)

    // No save was applied by halves: each article is entirely as before (every caught save answered 503).
    expect(await savedState(midway.id)).toEqual(before.midway)
    expect(await savedState(atCommit.id)).toEqual(before.atCommit)
    const createdRows = await sql('SELECT id FROM articles WHERE title = $1', [createdTitle])
    expect(createdRows).toEqual([])
    expect(await sql('SELECT id FROM _articles_v WHERE version_title = $1', [createdTitle])).toEqual([])
    expect(await sql('SELECT article_id FROM search_index WHERE title = $1', [createdTitle])).toEqual([])

    // The editor saves again and it all lands: row, relations, a new version, search entry, audit entry.
    await releaseSaves()
    const retried = await cms('PATCH', `/articles/${midway.id}`, changes.midway)
    expect(retried.status, retried.text).toBe(200)
    const afterRetry = await savedState(midway.id)
    expect(afterRetry).toMatchObject({
      title: changes.midway.title,
      topics: [...changes.midway.topics].sort((a, b) => a - b),
      versions: before.midway.versions + 1,
      latestVersionTitle: changes.midway.title,
      latestVersionTopics: [...changes.midway.topics].sort((a, b) => a - b),
      searchTitle: changes.midway.title,
      auditEntries: before.midway.auditEntries + 1,
    })
    const shown = await waitFor(async () => (await page(`/articles/${midway.slug}`)).html.includes('（更正：'), {
      timeoutMs: 10_000,
      intervalMs: 100,
    })
    expect(shown).toBe(true)

    const stats = await readers.stop()
    console.log(`readers: ${stats.requests} requests, ${stats.duringOutage} while the database was down`)
    expect(stats.failures.slice(0, 10)).toEqual([])
    expect(stats.duringOutage).toBeGreaterThan(200)
    // Dropped idle connections are expected during a restart; they must not surface as crashes.
    expect(cmsLines.filter((line) => /uncaughtException|unhandledRejection/.test(line))).toEqual([])
  }, 180_000)
})
