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
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { startAppStack } from '../../scripts/lib/app-stack.mjs'
import { buildIfNeeded } from '../../scripts/lib/build-if-needed.mjs'
import { createScratchDatabase } from '../../scripts/lib/scratch-database.mjs'
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
  /** The CMS signs every mail with this key (DKIM_PRIVATE_KEY_FILE, mode 600 in the data directory). */
  dkim: { domain: string; selector: string; privateKeyFile: string }
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: Stack | null
  }
}

const ADMIN = { email: 'admin@newsroom.test', password: 'Test-admin-密码-2016' }

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
    const scratch = await createScratchDatabase(serverUrl, `newsroom_test_${process.pid}`)
    cleanups.push(() => scratch.drop())
    const databaseUrl = scratch.url

    await buildIfNeeded(log)

    // Subscriptions (test/subscriptions): a real SMTP server on loopback, started before the CMS sends anything.
    const smtp = await startTestSmtp()
    cleanups.push(() => smtp.stop())

    const payloadSecret = 'test-secret-0123456789abcdef0123456789abcdef'
    // Every mail of the suite is DKIM-signed as production mail would be (test/subscriptions/dkim.test.ts checks it).
    const dkim = { domain: 'ptkjqy.org.cn', selector: 'newsroom-test', privateKeyFile: path.join(dataDir, 'dkim.pem') }
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    writeFileSync(dkim.privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
    // Bootstrapped and started exactly as the restart test's and the soak bench's stacks are.
    const app = await startAppStack({
      databaseUrl,
      dataDir,
      payloadSecret,
      admin: ADMIN,
      cmsEnv: {
        // Mail goes to the loopback SMTP server; retries back off from 1 s instead of 30 s so outage tests end quickly.
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_RETRY_BASE_SECONDS: '1',
        DKIM_DOMAIN: dkim.domain,
        DKIM_SELECTOR: dkim.selector,
        DKIM_PRIVATE_KEY_FILE: dkim.privateKeyFile,
      },
      // As behind one reverse proxy: tests give each case its own reader address in X-Forwarded-For (rate limits).
      siteEnv: { TRUST_PROXY: '1' },
      log,
    })
    cleanups.push(() => app.stop())
    const { siteUrl, cmsUrl } = app
    log(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s: site ${siteUrl}, cms ${cmsUrl}`)

    project.provide('stack', {
      siteUrl,
      cmsUrl,
      databaseUrl,
      dataDir,
      payloadSecret,
      admin: ADMIN,
      smtp: { port: smtp.port, controlUrl: smtp.controlUrl },
      dkim,
    })
  } catch (error) {
    await teardown()
    throw error
  }
  return teardown
}
