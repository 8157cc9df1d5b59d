/**
 * `npm run backup` then `npm run restore` into an empty database and media
 * folder, as an operator moving to a new machine would: articles with their
 * versions, media rows and files, subscribers and users come back the same,
 * and new records continue after the restored ids.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../scripts/lib/local-settings.mjs'
import { adminToken, api, lexical, requireStack } from '../support/api'

const work = mkdtempSync(path.join(tmpdir(), 'newsroom-backup-test-'))
const archive = path.join(work, 'backup.tar.gz')
let restoredUrl: string
let restoredDb: string
let admin: pg.Client

function run(script: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  const result = spawnSync('npm', ['run', '--silent', script, '--', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 180_000,
  })
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` }
}

async function snapshot(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const q = async (sql: string) => (await client.query(sql)).rows
    return {
      articles: await q(`SELECT id, title, slug, _status, review_state, content::text FROM articles ORDER BY id`),
      versions: await q(`SELECT parent_id, version_title, version__status, latest FROM _articles_v ORDER BY id`),
      media: await q(`SELECT id, filename, filesize, alt FROM media ORDER BY id`),
      subscribers: await q(`SELECT id, email, state, frequency FROM subscribers ORDER BY id`),
      users: await q(`SELECT id, email, role, hash FROM users ORDER BY id`),
      search: await q(`SELECT article_id, title FROM search_index ORDER BY article_id`),
    }
  } finally {
    await client.end()
  }
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

beforeAll(async () => {
  const stack = requireStack()
  const token = await adminToken()
  // A correction, so the article has more than one version to carry over.
  const created = await api('POST', '/articles', {
    token,
    body: { title: '备份恢复测试文章', section: 'news', content: lexical('第一版。'), _status: 'published' },
  })
  await api('PATCH', `/articles/${created.body.doc.id}`, {
    token,
    body: { content: lexical('第二版。'), _status: 'published' },
  })
  const url = new URL(stack.databaseUrl)
  restoredDb = `restore_${Date.now()}`
  admin = new pg.Client({ connectionString: stack.databaseUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${restoredDb}`)
  url.pathname = `/${restoredDb}`
  restoredUrl = url.toString()
})

afterAll(async () => {
  await admin?.query(`DROP DATABASE IF EXISTS ${restoredDb} WITH (FORCE)`).catch(() => {})
  await admin?.end()
})

describe('backup and restore', () => {
  it('round-trips the database and the uploads into an empty machine', async () => {
    const stack = requireStack()
    const before = await snapshot(stack.databaseUrl)
    expect(before.articles.length).toBeGreaterThan(12)
    expect(before.versions.length).toBeGreaterThan(before.articles.length)
    expect(before.media.length).toBeGreaterThan(0)

    const saved = run('backup', [archive], { DATABASE_URL: stack.databaseUrl, DATA_DIR: stack.dataDir })
    expect(saved.code, saved.output).toBe(0)
    expect(saved.output).toContain('已备份')

    const newDataDir = path.join(work, 'new-machine')
    const restored = run('restore', [archive], {
      DATABASE_URL: restoredUrl,
      DATA_DIR: newDataDir,
      PAYLOAD_SECRET: stack.payloadSecret,
    })
    expect(restored.code, restored.output).toBe(0)

    const after = await snapshot(restoredUrl)
    expect(after).toEqual(before)

    const oldMedia = path.join(stack.dataDir, 'uploads')
    const files = readdirSync(oldMedia, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(oldMedia, path.join(entry.parentPath, entry.name)))
    expect(files.length).toBeGreaterThan(0)
    for (const name of files) {
      const copy = path.join(newDataDir, 'uploads', name)
      expect(existsSync(copy), name).toBe(true)
      expect(digest(copy)).toBe(digest(path.join(oldMedia, name)))
    }

    // New rows continue after the restored ids instead of colliding with them.
    const client = new pg.Client({ connectionString: restoredUrl })
    await client.connect()
    const next = await client.query(`SELECT nextval(pg_get_serial_sequence('articles', 'id'))::int AS id`)
    await client.end()
    expect(next.rows[0].id).toBeGreaterThan(Math.max(...before.articles.map((a) => a.id)))
  }, 300_000)

  it('refuses to restore over a database that has content, and changes nothing', async () => {
    const stack = requireStack()
    const before = await snapshot(restoredUrl)
    const again = run('restore', [archive], { DATABASE_URL: restoredUrl, DATA_DIR: path.join(work, 'other') })
    expect(again.code).not.toBe(0)
    expect(again.output).toContain('目标数据库已有用户或文章')
    expect(await snapshot(restoredUrl)).toEqual(before)
    expect(stack.databaseUrl).not.toBe(restoredUrl)
  }, 120_000)

  it('refuses a file that is not a backup with a clear message', () => {
    const bogus = path.join(work, 'not-a-backup.tar.gz')
    writeFileSync(bogus, 'hello')
    const result = run('restore', [bogus], { DATABASE_URL: restoredUrl })
    expect(result.code).not.toBe(0)
    expect(result.output).toMatch(/无法读取备份文件|不是 Newsroom 的备份文件/)
  })
})
