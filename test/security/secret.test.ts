/**
 * PAYLOAD_SECRET signs staff sessions and preview links: a production CMS with
 * a missing, short or well-known one must refuse to start, saying why. Checked
 * on the real thing (`next start` of the built CMS, as npm start and
 * deployments run it) and, for each kind of weak value, on the settings parser
 * in a child process with NODE_ENV=production.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../scripts/lib/local-settings.mjs'
import { PAYLOAD_NODE_OPTIONS, stopChild, waitForHttp } from '../../scripts/lib/processes.mjs'
import { requireStack } from '../support/api'
import { freePort } from '../support/ports'

const CMS_DIR = path.join(REPO_ROOT, 'cms')
const REFUSAL = /内容管理系统拒绝启动[\s\S]*PAYLOAD_SECRET/
const dataDir = mkdtempSync(path.join(tmpdir(), 'newsroom-secret-'))
// A leftover local secret: production must not pick it up instead of the environment's.
writeFileSync(path.join(dataDir, 'payload-secret'), randomBytes(32).toString('hex'))
const children: ChildProcess[] = []

afterAll(async () => {
  await Promise.all(children.map((child) => stopChild(child)))
  rmSync(dataDir, { recursive: true, force: true })
})

type Outcome = { code: number | null; output: string }

function run(command: string, args: string[], env: Record<string, string | undefined>, timeoutMs: number) {
  const { databaseUrl, cmsUrl, siteUrl } = requireStack()
  const merged: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    CMS_URL: cmsUrl,
    SITE_URL: siteUrl,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_OPTIONS: PAYLOAD_NODE_OPTIONS,
    // A second CMS on the suite's database must not work the shared job queue.
    PAYLOAD_JOBS_AUTORUN: 'false',
    ...env,
  }
  // An unset value must be absent, not the string "undefined".
  const childEnv = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv
  const child = spawn(command, args, { cwd: CMS_DIR, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<Outcome>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
  return { child, exited, output: () => output }
}

/** The CMS's settings module alone, as every CMS process loads it first. */
function parseSettings(secret: string | undefined): Promise<Outcome> {
  const script = `await import(${JSON.stringify(path.join(CMS_DIR, 'src/lib/env.ts'))}); console.log('settings accepted')`
  return run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { NODE_ENV: 'production', PAYLOAD_SECRET: secret },
    30_000,
  ).exited
}

function nextStart(secret: string | undefined, port: number) {
  const nextBin = createRequire(path.join(CMS_DIR, 'package.json')).resolve('next/dist/bin/next')
  return run(
    process.execPath,
    [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    { NODE_ENV: 'production', PAYLOAD_SECRET: secret },
    60_000,
  )
}

describe('PAYLOAD_SECRET in production', () => {
  it.each([
    ['missing', undefined, /not set/],
    ['shorter than 32 characters', 'Zq8-4nR1', /only 8 characters/],
    ['the build placeholder', 'build-placeholder-build-placeholder-0000', /placeholder/],
    ['a template placeholder', 'YOUR_SECRET_HERE_please_change_it_now', /placeholder/],
    ['one character repeated', 'x'.repeat(64), /placeholder|distinct/],
    ['too few distinct characters', 'abab0101abab0101abab0101abab0101', /distinct/],
  ])('refuses to load settings when it is %s', async (_what, secret, reason) => {
    const { code, output } = await parseSettings(secret)
    expect(code, output).not.toBe(0)
    expect(output).toMatch(REFUSAL)
    expect(output).toMatch(reason)
    expect(output).not.toContain('settings accepted')
  })

  it('accepts a random secret', async () => {
    const { code, output } = await parseSettings(randomBytes(32).toString('hex'))
    expect(output).toContain('settings accepted')
    expect(code).toBe(0)
  })

  it('`next start` exits non-zero with the message on a weak secret, and serves with a strong one', async () => {
    const weak = nextStart('short', await freePort())
    const { code, output } = await weak.exited
    expect(code, output).not.toBe(0)
    expect(output).toMatch(REFUSAL)

    const port = await freePort()
    const strong = nextStart(randomBytes(32).toString('hex'), port)
    await waitForHttp(`http://127.0.0.1:${port}/api/topics?limit=1`, {
      isAlive: () => strong.child.exitCode === null,
      timeoutMs: 60_000,
    }).catch((error) => {
      throw new Error(`${(error as Error).message}\n${strong.output()}`)
    })
    const response = await fetch(`http://127.0.0.1:${port}/api/topics?limit=1`)
    expect(response.status).toBe(200)
    await stopChild(strong.child)
  }, 150_000)
})
