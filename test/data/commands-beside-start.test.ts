/**
 * `npm start` on the embedded defaults (no DATABASE_URL) with staff running
 * commands beside it, as a new user would: an import (a good file and a refused
 * one), a backup and a restore. The commands use the database the stack serves
 * and leave it running — the site and the CMS keep answering after each — and
 * the restore, which needs the database to itself, refuses and changes nothing.
 * Ctrl-C then stops the embedded PostgreSQL, and a command run alone afterwards
 * stops the server it started itself.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../scripts/lib/local-settings.mjs'
import { freePort } from '../support/ports'

const SEED_FILE = path.join(REPO_ROOT, 'content-seed/fixtures/annual-meeting-2016.txt')
const ADMIN = { email: 'launcher@newsroom.test', password: 'Launcher-test-密码-2016' }
const dataDir = mkdtempSync(path.join(tmpdir(), 'newsroom-beside-'))
let launcher: ChildProcess
let output = ''
let env: NodeJS.ProcessEnv
let siteUrl: string
let cmsUrl: string
let pgPort: number

function run(script: 'import' | 'backup' | 'restore', ...args: string[]) {
  const result = spawnSync('npm', ['run', '--silent', script, '--', ...args], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
    timeout: 180_000,
  })
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` }
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    socket.once('connect', () => resolve(!socket.destroy()))
    socket.once('error', () => resolve(false))
  })

async function login() {
  const response = await fetch(`${cmsUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  })
  return ((await response.json()) as { token: string }).token
}

/** The site's health (CMS and database) and an uncached CMS query, as a reader and staff see them. */
async function stackAnswers() {
  const health = await fetch(`${siteUrl}/healthz`)
  const body = (await health.json()) as { cms: string; database: string }
  const articles = await fetch(`${cmsUrl}/api/articles?draft=true&depth=0&limit=100`, {
    headers: { authorization: `JWT ${await login()}` },
  })
  const list = articles.status === 200 ? ((await articles.json()) as { docs: Array<{ title: string }> }) : null
  return { health: health.status, cms: body.cms, database: body.database, api: articles.status, docs: list?.docs ?? [] }
}

beforeAll(async () => {
  const [port, cmsPort] = [await freePort(), await freePort()]
  pgPort = await freePort()
  siteUrl = `http://127.0.0.1:${port}`
  cmsUrl = `http://127.0.0.1:${cmsPort}`
  env = {
    ...process.env,
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    PORT: String(port),
    CMS_PORT: String(cmsPort),
    SITE_URL: siteUrl,
    CMS_URL: cmsUrl,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // The sample content adds nothing here but time.
    SEED_SAMPLE_CONTENT: 'false',
  }
  delete env.DATABASE_URL
  delete env.PAYLOAD_SECRET
  launcher = spawn(process.execPath, ['scripts/start.mjs'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  launcher.stdout?.on('data', (chunk) => {
    output += chunk
  })
  launcher.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const deadline = Date.now() + 240_000
  while (!output.includes('Newsroom 已启动')) {
    if (launcher.exitCode !== null) throw new Error(`npm start exited:\n${output}`)
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}, 300_000)

afterAll(async () => {
  if (launcher && launcher.exitCode === null) {
    launcher.kill('SIGINT')
    await new Promise((r) => launcher.once('exit', r))
  }
  rmSync(dataDir, { recursive: true, force: true })
})

describe('commands beside a running npm start (embedded PostgreSQL)', () => {
  it('import, backup and a refused restore leave the site and the CMS answering', async () => {
    expect(await stackAnswers()).toMatchObject({ health: 200, cms: 'ok', database: 'ok', api: 200 })

    const imported = run('import', SEED_FILE)
    expect(imported.code, imported.output).toBe(0)
    const afterImport = await stackAnswers()
    expect(afterImport).toMatchObject({ health: 200, database: 'ok', api: 200 })
    expect(afterImport.docs.map((d) => d.title)).toContain('普陀区科技企业联合会举办2016年年会')

    // The bug report's case: a file the importer refuses, then the database stopped under the stack.
    const refusedFile = path.join(dataDir, 'legacy.doc')
    writeFileSync(refusedFile, Buffer.from('d0cf11e0a1b11ae1000000000000000000000000000000003e000300feff', 'hex'))
    const refused = run('import', refusedFile)
    expect(refused.code, refused.output).not.toBe(0)
    expect(refused.output).toContain('legacy.doc')
    expect(await stackAnswers()).toMatchObject({ health: 200, database: 'ok', api: 200 })

    const archive = path.join(dataDir, 'beside.tar.gz')
    const saved = run('backup', archive)
    expect(saved.code, saved.output).toBe(0)
    expect(existsSync(archive)).toBe(true)
    expect(await stackAnswers()).toMatchObject({ health: 200, database: 'ok', api: 200 })

    const restored = run('restore', archive)
    expect(restored.code, restored.output).not.toBe(0)
    expect(restored.output).toContain('恢复需要独占数据库')
    expect(restored.output).toContain('npm start')
    const afterRestore = await stackAnswers()
    expect(afterRestore).toMatchObject({ health: 200, database: 'ok', api: 200 })
    expect(afterRestore.docs.length).toBe(afterImport.docs.length)
  }, 300_000)

  it('Ctrl-C stops the embedded database; a command alone stops the one it started', async () => {
    launcher.kill('SIGINT')
    await new Promise((r) => launcher.once('exit', r))
    expect(output).toContain('已全部停止')
    expect(await portOpen(pgPort)).toBe(false)

    const saved = run('backup', path.join(dataDir, 'alone.tar.gz'))
    expect(saved.code, saved.output).toBe(0)
    expect(await portOpen(pgPort)).toBe(false)
  }, 120_000)
})
