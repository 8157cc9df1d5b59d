// @ts-check
// Newsroom as deployed on several machines, on one: a PostgreSQL primary and a
// streaming replica (postgres-replication.mjs), two CMS and two site instances
// started from the units in deploy/systemd (systemd-unit.mjs), and Debian's
// nginx running deploy/nginx/newsroom.conf.template in front of them with a
// self-signed certificate (nginx-front.mjs). Used by the multi-instance test
// (test/infrastructure/cluster.test.ts) and the cluster bench
// (bench-cluster.mjs). The build must exist (build-if-needed.mjs).
import { execFile, spawn } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import pg from 'pg'
import { internalApiSecret, REPO_ROOT } from './local-settings.mjs'
import { makeSelfSignedCertificate, startNginxFront } from './nginx-front.mjs'
import { freePort } from './ports.mjs'
import { startReplicatedPostgres } from './postgres-replication.mjs'
import { stopChild, waitForHttp } from './processes.mjs'
import { readUnit } from './systemd-unit.mjs'

export const UNITS = path.join(REPO_ROOT, 'deploy/systemd')
export const CLUSTER_ADMIN = { email: 'cluster-admin@newsroom.test', password: 'Cluster-admin-密码-2016' }

/**
 * @typedef {object} Instance
 * @property {string} name
 * @property {number} port
 * @property {string} url  its own address, bypassing nginx
 * @property {import('node:child_process').ChildProcess} child
 * @property {string[]} lines  everything it printed
 */

/**
 * @typedef {object} ClusterStack
 * @property {string} dir
 * @property {import('./postgres-replication.mjs').ReplicatedPostgres} db
 * @property {Instance[]} cms
 * @property {Instance[]} sites
 * @property {string} siteUrl  through nginx, over TLS
 * @property {string} cmsUrl  through nginx, over TLS
 * @property {string} cmsInternalUrl  nginx's private listener the sites use (CMS_INTERNAL_URL)
 * @property {string} httpUrl  nginx's plain-HTTP listener
 * @property {string} certificate  PEM of the self-signed certificate, for clients to trust
 * @property {string} envFile
 * @property {string} internalSecret
 * @property {string} payloadSecret
 * @property {string[]} bootstrapOutput  what each CMS unit's ExecStartPre (the bootstrap) printed
 * @property {(unit: string, instance?: string) => Promise<Instance>} startUnit
 * @property {<T = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<T[]>} sql  on the primary
 * @property {() => Promise<void>} stop
 */

/**
 * @param {string} name
 * @param {string[]} argv
 * @param {string} cwd
 * @param {Record<string, string>} env
 * @param {string[]} lines
 */
function run(name, argv, cwd, env, lines) {
  const [command, ...args] = argv
  const child = spawn(/** @type {string} */ (command), args, {
    cwd,
    env: /** @type {NodeJS.ProcessEnv} */ (/** @type {unknown} */ (env)),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line)
      if (process.env.NEWSROOM_VERBOSE) console.log(`[${name}] ${line}`)
    })
  }
  return child
}

/** @param {import('node:child_process').ChildProcess} child @returns {Promise<number | null>} */
function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

/**
 * @param {string} siteUrl
 * @param {string} secret
 * @param {number} [timeoutMs]
 */
export async function waitForConnected(siteUrl, secret, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const status = await fetch(`${siteUrl}/_internal/cache`, { headers: { 'x-newsroom-internal': secret } })
      .then((r) => r.json())
      .catch(() => null)
    if (status?.connected) return
    if (Date.now() > deadline) throw new Error(`${siteUrl} did not follow the content events within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * @param {object} options
 * @param {string} options.dir  an empty folder; the caller removes it
 * @param {Record<string, string>} [options.env]  more settings for the env file (SMTP_URL, …)
 * @param {Record<string, string>} [options.replicaSettings]  e.g. `{ recovery_min_apply_delay: '200ms' }`
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<ClusterStack>}
 */
export async function startClusterStack({ dir, env: extraEnv = {}, replicaSettings, log = () => {} }) {
  /** @type {Array<() => Promise<unknown>>} */
  const cleanups = []
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(`cleanup: ${error}`))
  }
  try {
    // PostgreSQL (the postgres user) and nginx's workers (nobody) must reach their folders inside this one.
    chmodSync(dir, 0o755)
    const db = await startReplicatedPostgres({ dir: path.join(dir, 'postgres'), replicaSettings, log })
    cleanups.push(() => db.stop())
    const nginxDir = path.join(dir, 'nginx')
    mkdirSync(nginxDir)
    const tls = await makeSelfSignedCertificate(nginxDir)
    const [httpPort, httpsPort, internalPort, cmsA, cmsB, siteA, siteB] = await Promise.all(
      Array.from({ length: 7 }, () => freePort()),
    )
    const payloadSecret = 'cluster-test-secret-0123456789abcdef0123456789abcdef'
    const internalSecret = internalApiSecret(payloadSecret)
    const siteUrl = `https://127.0.0.1:${httpsPort}`
    const cmsUrl = `https://localhost:${httpsPort}`
    const cmsInternalUrl = `http://127.0.0.1:${internalPort}`
    const dataDir = path.join(dir, 'data')
    mkdirSync(dataDir)
    // deploy/newsroom.env.example, with this machine's values.
    const envFile = path.join(dir, 'newsroom.env')
    const settings = {
      DATABASE_URL: db.primaryUrl,
      DATABASE_REPLICA_URLS: db.replicaUrl,
      PAYLOAD_SECRET: payloadSecret,
      INTERNAL_API_SECRET: internalSecret,
      SITE_URL: siteUrl,
      CMS_URL: cmsUrl,
      CMS_INTERNAL_URL: cmsInternalUrl,
      CMS_LISTEN_HOST: '127.0.0.1',
      HOST: '127.0.0.1',
      TRUST_PROXY: '1',
      CMS_TRUST_PROXY: '1',
      SITE_WORKERS: '1',
      ADMIN_EMAIL: CLUSTER_ADMIN.email,
      ADMIN_PASSWORD: CLUSTER_ADMIN.password,
      // One media store for both CMS instances.
      DATA_DIR: dataDir,
      MEDIA_DIR: path.join(dataDir, 'uploads'),
      ...extraEnv,
    }
    writeFileSync(
      envFile,
      Object.entries(settings)
        .map(([key, value]) => `${key}=${value}`)
        .join('\n'),
    )

    /** @type {string[]} */
    const bootstrapOutput = []
    /** @type {(unit: string, instance?: string) => Promise<Instance>} */
    const startUnit = async (unit, instance = '') => {
      const commands = readUnit(path.join(UNITS, unit), { root: REPO_ROOT, environmentFile: envFile, instance })
      // The clean environment systemd gives a service, plus what the unit and its env file set.
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...commands.env }
      const name = `${unit.replace(/@?\.service$/, '')}${instance ? `@${instance}` : ''}`
      /** @type {string[]} */
      const lines = []
      for (const pre of commands.pre) {
        const before = lines.length
        const code = await exited(run(`${name} pre`, pre, commands.cwd, env, lines))
        bootstrapOutput.push(...lines.slice(before).filter((l) => l.startsWith('bootstrap')))
        if (code !== 0) throw new Error(`${name}: ExecStartPre ${pre.join(' ')} exited ${code}:\n${lines.join('\n')}`)
      }
      const child = run(name, commands.start, commands.cwd, env, lines)
      cleanups.push(() => stopChild(child))
      const port = Number(instance)
      return { name, port, url: `http://127.0.0.1:${port}`, child, lines }
    }

    // Both CMS units at once: their bootstraps race for the migration lock, as two machines' would.
    const cms = await Promise.all([cmsA, cmsB].map((port) => startUnit('newsroom-cms@.service', String(port))))
    for (const instance of cms) {
      await waitForHttp(`${instance.url}/api/health`, {
        isAlive: () => instance.child.exitCode === null,
        timeoutMs: 120_000,
      })
    }
    const front = await startNginxFront({
      dir: nginxDir,
      values: {
        NEWSROOM_SITE_HOST: '127.0.0.1',
        NEWSROOM_CMS_HOST: 'localhost',
        NEWSROOM_TLS_CERT: tls.cert,
        NEWSROOM_TLS_KEY: tls.key,
        NEWSROOM_HTTP_LISTEN: `127.0.0.1:${httpPort}`,
        NEWSROOM_HTTPS_LISTEN: `127.0.0.1:${httpsPort}`,
        NEWSROOM_CMS_INTERNAL_LISTEN: `127.0.0.1:${internalPort}`,
        NEWSROOM_SITE_SERVERS: `server 127.0.0.1:${siteA}; server 127.0.0.1:${siteB};`,
        NEWSROOM_CMS_SERVERS: `server 127.0.0.1:${cmsA}; server 127.0.0.1:${cmsB};`,
      },
    })
    cleanups.push(() => front.stop())
    const sites = await Promise.all([siteA, siteB].map((port) => startUnit('newsroom-site@.service', String(port))))
    for (const site of sites) await waitForConnected(site.url, internalSecret)

    /** @type {ClusterStack['sql']} */
    const sql = async (text, values = []) => {
      const client = new pg.Client({ connectionString: db.primaryUrl })
      await client.connect()
      try {
        return (await client.query(text, values)).rows
      } finally {
        await client.end()
      }
    }
    return {
      dir,
      db,
      cms,
      sites,
      siteUrl,
      cmsUrl,
      cmsInternalUrl,
      httpUrl: `http://127.0.0.1:${httpPort}`,
      certificate: readFileSync(tls.cert, 'utf8'),
      envFile,
      internalSecret,
      payloadSecret,
      bootstrapOutput,
      startUnit,
      sql,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

const execFileAsync = promisify(execFile)

/** The PIDs with a TCP connection open to 127.0.0.1:`port` (ss from iproute2). @param {number} port */
async function processesConnectedTo(port) {
  const { stdout } = await execFileAsync('ss', ['-Htnp', 'state', 'established', `dst 127.0.0.1:${port}`])
  return [...new Set([...stdout.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])))]
}

/** A process and all its descendants. @param {number} pid @returns {Promise<number[]>} */
async function processTree(pid) {
  const { stdout } = await execFileAsync('ps', ['-e', '-o', 'pid=,ppid='])
  /** @type {Map<number, number[]>} */
  const children = new Map()
  for (const line of stdout.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number)
    children.set(/** @type {number} */ (parent), [
      ...(children.get(/** @type {number} */ (parent)) ?? []),
      /** @type {number} */ (child),
    ])
  }
  const out = []
  const queue = [pid]
  while (queue.length) {
    const next = /** @type {number} */ (queue.shift())
    out.push(next)
    queue.push(...(children.get(next) ?? []))
  }
  return out
}

/** Sends `signal` to an instance and every process under it (SIGSTOP/SIGCONT to pause, SIGKILL to kill). @param {Instance} instance @param {NodeJS.Signals} signal */
export async function signalTree(instance, signal) {
  for (const pid of await processTree(/** @type {number} */ (instance.child.pid))) {
    try {
      process.kill(pid, signal)
    } catch {}
  }
}

/**
 * The instance that is sending mail: the one with connections open to the SMTP server on `port`.
 * @param {Instance[]} instances
 * @param {number} port
 */
export async function sendingInstance(instances, port) {
  const senders = await processesConnectedTo(port)
  for (const instance of instances) {
    const tree = await processTree(/** @type {number} */ (instance.child.pid))
    if (tree.some((pid) => senders.includes(pid))) return instance
  }
  return null
}
