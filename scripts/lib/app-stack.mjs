// @ts-check
// One CMS and one site instance on loopback ports over a database the caller
// provides, bootstrapped exactly as `npm start` does it (migrations, admin,
// sample content). The one way tests and benches start the app: the shared
// test stack (test/support/stack.ts), the database-restart fault test (its own
// PostgreSQL) and the soak bench (the CMS's and site's PIDs, for their memory).
import { createRequire } from 'node:module'
import path from 'node:path'
import { runBootstrap } from './bootstrap.mjs'
import { internalApiSecret, REPO_ROOT } from './local-settings.mjs'
import { freePort } from './ports.mjs'
import { PAYLOAD_NODE_OPTIONS, startServer, stopChild, waitForHttp } from './processes.mjs'

/**
 * @typedef {object} AppStack
 * @property {string} cmsUrl
 * @property {string} siteUrl
 * @property {import('node:child_process').ChildProcess} cms
 * @property {import('node:child_process').ChildProcess} site
 * @property {string} internalSecret  what the site shows the CMS (and /_internal/cache)
 * @property {() => Promise<void>} stop  stops the site, then the CMS
 */

/**
 * @param {object} options
 * @param {string} options.databaseUrl  an existing database (created by the caller)
 * @param {string} options.dataDir  media, outbox; the caller removes it
 * @param {string} options.payloadSecret
 * @param {{ email: string, password: string }} options.admin  first admin the bootstrap creates
 * @param {Record<string, string>} [options.cmsEnv]  extra environment for the CMS
 * @param {Record<string, string>} [options.siteEnv]  extra environment for the site
 * @param {boolean} [options.skipBootstrap]  the database is already migrated and seeded
 * @param {(name: 'cms' | 'site', line: string) => void} [options.onLine]  every output line of either server
 * @param {NodeJS.WritableStream} [options.echoTo]  where the servers' output goes (default: stdout and stderr)
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<AppStack>}
 */
export async function startAppStack({
  databaseUrl,
  dataDir,
  payloadSecret,
  admin,
  cmsEnv = {},
  siteEnv = {},
  skipBootstrap = false,
  onLine,
  echoTo,
  log = () => {},
}) {
  const [cmsPort, sitePort] = [await freePort(), await freePort()]
  const cmsUrl = `http://127.0.0.1:${cmsPort}`
  const siteUrl = `http://127.0.0.1:${sitePort}`
  const env = {
    DATABASE_URL: databaseUrl,
    PAYLOAD_SECRET: payloadSecret,
    DATA_DIR: dataDir,
    SITE_URL: siteUrl,
    CMS_URL: cmsUrl,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_OPTIONS: PAYLOAD_NODE_OPTIONS,
  }
  if (!skipBootstrap) {
    const result = await runBootstrap({ ...env, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password })
    log(`bootstrap: ${JSON.stringify(result.seed)}`)
  }
  const internalSecret = internalApiSecret(payloadSecret)
  const nextBin = createRequire(path.join(REPO_ROOT, 'cms/package.json')).resolve('next/dist/bin/next')
  const cms = startServer(
    `cms:${cmsPort}`,
    process.execPath,
    [nextBin, 'start', '-p', String(cmsPort), '-H', '127.0.0.1'],
    {
      cwd: path.join(REPO_ROOT, 'cms'),
      env: { ...env, NODE_ENV: 'production', ...cmsEnv },
      onLine: onLine && ((line) => onLine('cms', line)),
      echoTo,
    },
  )
  const site = startServer(`site:${sitePort}`, process.execPath, ['server.js'], {
    cwd: path.join(REPO_ROOT, 'site'),
    env: {
      SITE_URL: siteUrl,
      CMS_URL: cmsUrl,
      PORT: String(sitePort),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      INTERNAL_API_SECRET: internalSecret,
      ...siteEnv,
    },
    onLine: onLine && ((line) => onLine('site', line)),
    echoTo,
  })
  const stop = async () => {
    await stopChild(site)
    await stopChild(cms)
  }
  try {
    await waitForHttp(`${cmsUrl}/api/topics?limit=1`, { isAlive: () => cms.exitCode === null, timeoutMs: 120_000 })
    await waitForHttp(`${siteUrl}/healthz`, { isAlive: () => site.exitCode === null, timeoutMs: 60_000 })
    // Cached pages are only trusted once the site follows the CMS's content events (docs/decisions/006).
    const deadline = Date.now() + 30_000
    for (;;) {
      const status = await fetch(`${siteUrl}/_internal/cache`, { headers: { 'x-newsroom-internal': internalSecret } })
        .then((r) => r.json())
        .catch(() => null)
      if (status?.connected || status?.enabled === false) break
      if (Date.now() > deadline) throw new Error(`${siteUrl} never connected to the CMS's content events`)
      await new Promise((r) => setTimeout(r, 100))
    }
  } catch (error) {
    await stop()
    throw error
  }
  return { cmsUrl, siteUrl, cms, site, internalSecret, stop }
}
