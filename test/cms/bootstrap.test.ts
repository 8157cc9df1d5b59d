/**
 * What `npm start` does to a database: committed migrations all applied, the
 * first admin created, sample content seeded — and a second run changes nothing.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { runBootstrap } from '../../scripts/lib/bootstrap.mjs'
import { REPO_ROOT } from '../../scripts/lib/local-settings.mjs'
import { api, requireStack } from '../support/api'

async function counts(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const result: Record<string, number> = {}
    for (const table of ['articles', '_articles_v', 'topics', 'media', 'documents', 'pages', 'users']) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${table}"`)
      result[table] = rows[0].n
    }
    return result
  } finally {
    await client.end()
  }
}

describe('bootstrap (migrations, first admin, seed)', () => {
  it('applied every committed migration', async () => {
    const { databaseUrl } = requireStack()
    const committed = readdirSync(path.join(REPO_ROOT, 'cms/src/migrations'))
      .filter((f) => /^\d{8}_\d{6}_.*\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
    expect(committed.length).toBeGreaterThan(0)
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    const { rows } = await client.query('SELECT name FROM payload_migrations')
    await client.end()
    expect(rows.map((r) => r.name).sort()).toEqual(expect.arrayContaining(committed.sort()))
  })

  it('seeded published articles in all four sections, topics, pages and settings', async () => {
    const articles = await api('GET', '/articles', {
      query: { limit: 200, depth: 0, 'where[_status][equals]': 'published' },
    })
    const sections = new Set(articles.body.docs.map((a: { section: string }) => a.section))
    expect([...sections].sort()).toEqual(['news', 'notice', 'park', 'policy'])
    const topics = await api('GET', '/topics', { query: { limit: 100 } })
    expect(topics.body.totalDocs).toBeGreaterThanOrEqual(8)
    for (const slug of ['about', 'contact']) {
      const page = await api('GET', '/pages', { query: { 'where[slug][equals]': slug } })
      expect(page.body.totalDocs).toBe(1)
    }
    const settings = await api('GET', '/globals/site-settings')
    expect(settings.body.siteName).toBe('普陀区科技企业联合会')
  })

  it('running it again on the same database changes nothing', async () => {
    const stack = requireStack()
    const before = await counts(stack.databaseUrl)
    const result = await runBootstrap({
      DATABASE_URL: stack.databaseUrl,
      PAYLOAD_SECRET: stack.payloadSecret,
      DATA_DIR: stack.dataDir,
    })
    expect(result.seed.seeded).toBe(false)
    expect(result.admin?.created).toBe(false)
    expect(await counts(stack.databaseUrl)).toEqual(before)
  })
})
