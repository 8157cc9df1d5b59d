/**
 * Vitest globalSetup: brings up the real stack once for the whole run.
 *
 * - PostgreSQL: the server in TEST_DATABASE_URL (CI: the machine's own), else
 *   an embedded one; either way a fresh database is created and dropped after.
 * - The CMS and the site are the production builds (built here if stale),
 *   started on free loopback ports, bootstrapped (migrations, admin, seed)
 *   exactly as `npm start` does it.
 *
 * Set NEWSROOM_TEST_STACK=off to run only unit tests quickly.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { runBootstrap } from '../../scripts/lib/bootstrap.mjs'
import { buildIfNeeded } from '../../scripts/lib/build-if-needed.mjs'
import { internalApiSecret, REPO_ROOT } from '../../scripts/lib/local-settings.mjs'
import { PAYLOAD_NODE_OPTIONS, startServer, stopChild, waitForHttp } from '../../scripts/lib/processes.mjs'
import { freePort } from './ports'
import { startTestSmtp } from './smtp'

export type Stack = {
  siteUrl: string
  cmsUrl: string
  databaseUrl: string
  dataDir: string
  payloadSecret: string
  admin: { email: string; password: string }
  /** The loopback SMTP server the CMS sends to; test/support/mail.ts reads what it received. */
  smtp: { port: number; controlUrl: string }
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: Stack | null
  }
}

const ADMIN = { email: 'admin@newsroom.test', password: 'Test-admin-密码-2016' }

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}

export default async function setup(project: TestProject) {
  if (process.env.NEWSROOM_TEST_STACK === 'off') {
    project.provide('stack', null)
    return
  }
  const started = Date.now()
  const log = (line: string) => console.log(`[stack] ${line}`)
  const dataDir = mkdtempSync(path.join(tmpdir(), 'newsroom-test-'))
  const cleanups: Array<() => Promise<unknown>> = []
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error('[stack] cleanup:', error))
    rmSync(dataDir, { recursive: true, force: true })
  }

  try {
    let serverUrl = process.env.TEST_DATABASE_URL
    if (!serverUrl) {
      const { startEmbeddedPostgres } = await import('../../scripts/lib/embedded-postgres.mjs')
      const embedded = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: await freePort(),
        database: 'postgres',
        log: () => {},
      })
      cleanups.push(() => embedded.stop())
      serverUrl = embedded.url
      log('embedded PostgreSQL started')
    }
    const database = `newsroom_test_${Date.now()}_${process.pid}`
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE "${database}" ENCODING 'UTF8' TEMPLATE template0`)
    await admin.end()
    cleanups.push(async () => {
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
      await client.end()
    })
    const databaseUrl = withDatabase(serverUrl, database)

    await buildIfNeeded(log)

    // Subscriptions (test/subscriptions): a real SMTP server on loopback, started before the CMS sends anything.
    const smtp = await startTestSmtp()
    cleanups.push(() => smtp.stop())

    const [cmsPort, sitePort] = [await freePort(), await freePort()]
    const cmsUrl = `http://127.0.0.1:${cmsPort}`
    const siteUrl = `http://127.0.0.1:${sitePort}`
    const payloadSecret = 'test-secret-0123456789abcdef0123456789abcdef'
    const env = {
      DATABASE_URL: databaseUrl,
      PAYLOAD_SECRET: payloadSecret,
      DATA_DIR: dataDir,
      SITE_URL: siteUrl,
      CMS_URL: cmsUrl,
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_OPTIONS: PAYLOAD_NODE_OPTIONS,
    }

    const result = await runBootstrap({ ...env, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password })
    log(`database ${database} migrated and seeded: ${JSON.stringify(result.seed)}`)

    const nextBin = createRequire(path.join(REPO_ROOT, 'cms/package.json')).resolve('next/dist/bin/next')
    const children: ChildProcess[] = []
    const cms = startServer('cms', process.execPath, [nextBin, 'start', '-p', String(cmsPort), '-H', '127.0.0.1'], {
      cwd: path.join(REPO_ROOT, 'cms'),
      env: {
        ...env,
        NODE_ENV: 'production',
        // Mail goes to the loopback SMTP server; retries back off from 1 s instead of 30 s so outage tests end quickly.
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_RETRY_BASE_SECONDS: '1',
      },
    })
    children.push(cms)
    const site = startServer('site', process.execPath, ['server.js'], {
      cwd: path.join(REPO_ROOT, 'site'),
      env: {
        SITE_URL: siteUrl,
        CMS_URL: cmsUrl,
        PORT: String(sitePort),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        // As behind one reverse proxy: tests give each case its own reader address in X-Forwarded-For (rate limits).
        INTERNAL_API_SECRET: internalApiSecret(payloadSecret),
        TRUST_PROXY: '1',
      },
    })
    children.push(site)
    cleanups.push(() => Promise.all(children.map((child) => stopChild(child))))

    await waitForHttp(`${cmsUrl}/api/topics?limit=1`, { isAlive: () => cms.exitCode === null, timeoutMs: 90_000 })
    await waitForHttp(`${siteUrl}/healthz`, { isAlive: () => site.exitCode === null, timeoutMs: 60_000 })
    log(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s: site ${siteUrl}, cms ${cmsUrl}`)

    project.provide('stack', {
      siteUrl,
      cmsUrl,
      databaseUrl,
      dataDir,
      payloadSecret,
      admin: ADMIN,
      smtp: { port: smtp.port, controlUrl: smtp.controlUrl },
    })
  } catch (error) {
    await teardown()
    throw error
  }
  return teardown
}
