/**
 * PostgreSQL gone while the CMS and the site keep running, as a database
 * restart looks from outside: the test database stops taking connections and
 * its open sessions are ended. /healthz must say it is the database (not the
 * CMS) that is down, and everything must come back by itself once it returns,
 * with no process restarted.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, requireStack } from '../support/api'

let admin: pg.Client
let database: string

const health = async () => {
  const response = await fetch(new URL('/healthz', requireStack().siteUrl))
  return { status: response.status, cacheControl: response.headers.get('cache-control'), body: await response.json() }
}

async function poll<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => null)
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const allowConnections = (allow: boolean) =>
  admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS ${allow ? 'true' : 'false'}`)

beforeAll(async () => {
  const url = new URL(requireStack().databaseUrl)
  database = decodeURIComponent(url.pathname.slice(1))
  // Steer the outage from another database on the same server: the test database itself will refuse us.
  url.pathname = '/postgres'
  admin = new pg.Client({ connectionString: url.toString() })
  await admin.connect()
})

afterAll(async () => {
  await allowConnections(true).catch(() => {})
  await admin?.end()
})

describe('the database down', () => {
  it('healthz names the database, not the CMS; both recover on their own when it is back', async () => {
    const before = await health()
    expect(before.status).toBe(200)
    expect(before.body).toMatchObject({ status: 'ok', cms: 'ok', database: 'ok' })
    expect(before.cacheControl).toBe('no-store')

    await allowConnections(false)
    try {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database])
      const during = await poll('healthz to report the database', async () => {
        const answer = await health()
        return answer.status === 503 ? answer : null
      })
      expect(during.body).toMatchObject({ status: 'degraded', cms: 'ok', database: 'unavailable' })
      // Nothing about our hosts or databases leaks to the public.
      expect(JSON.stringify(during.body)).not.toContain(database)
    } finally {
      await allowConnections(true)
    }

    const after = await poll('healthz to recover', async () => {
      const answer = await health()
      return answer.status === 200 ? answer : null
    })
    expect(after.body).toMatchObject({ status: 'ok', cms: 'ok', database: 'ok' })
    // The CMS process survived the ended sessions and serves from the database again.
    const topics = await api('GET', '/topics', { query: { limit: 1, depth: 0 } })
    expect(topics.status).toBe(200)
    expect(topics.body.docs.length).toBe(1)
  }, 90_000)
})
