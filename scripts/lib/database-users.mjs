// @ts-check
/**
 * Who is using the embedded PostgreSQL under .data/ right now. `npm start`,
 * `npm run import`, `backup` and `restore` all share one server; each process
 * that uses it leaves a small file here (its PID and the kernel's start time
 * for that PID, so a recycled PID is not mistaken for a live user). The rules
 * built on it (local-settings.mjs, docs/decisions/012):
 *
 * - a command uses the server a running `npm start` serves and never stops a
 *   server it did not start;
 * - whoever would stop the server leaves it running while another live process
 *   still uses it, and asks the last one out to stop it instead;
 * - restore needs the database to itself and refuses while anyone else uses it.
 *
 * Hand-written: this is a few files in a directory; lock-file libraries solve
 * mutual exclusion, not "who else is here".
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * @typedef {object} DatabaseUser
 * @property {number} pid
 * @property {string} startTime  field 22 of /proc/PID/stat: distinguishes a live user from a recycled PID
 * @property {string} command  what the process is, for messages ("npm start", "npm run import")
 * @property {boolean} exclusive  a restore: nobody else may start using the database meanwhile
 */

/** @param {number} pid */
function startTimeOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields[0] is field 3 (state): an exited, unreaped process (zombie) has left.
    if (fields[0] === 'Z') return null
    return fields[19] ?? null
  } catch {
    return process.platform === 'linux' ? null : 'unknown'
  }
}

/** @param {string} dataDir */
const usersDir = (dataDir) => path.join(dataDir, 'postgres.users')
/** @param {string} dataDir */
const stopRequestFile = (dataDir) => path.join(usersDir(dataDir), 'stop-when-idle')

/**
 * The live users other than this process; files left by processes that have
 * gone (kill -9) are removed on the way.
 * @param {string} dataDir
 * @returns {DatabaseUser[]}
 */
export function otherDatabaseUsers(dataDir) {
  /** @type {string[]} */
  let names
  try {
    names = readdirSync(usersDir(dataDir)).filter((name) => /^\d+\.json$/.test(name))
  } catch {
    return []
  }
  /** @type {DatabaseUser[]} */
  const live = []
  for (const name of names) {
    const file = path.join(usersDir(dataDir), name)
    /** @type {DatabaseUser | null} */
    let user = null
    try {
      user = JSON.parse(readFileSync(file, 'utf8'))
    } catch {}
    if (!user || user.pid === process.pid) continue
    if (startTimeOf(user.pid) === user.startTime) live.push(user)
    else rmSync(file, { force: true })
  }
  return live
}

/**
 * Records this process as a user of the embedded database.
 * @param {string} dataDir
 * @param {{ command: string, exclusive?: boolean }} options
 * @returns {() => void} forgets it again
 */
export function registerDatabaseUser(dataDir, { command, exclusive = false }) {
  mkdirSync(usersDir(dataDir), { recursive: true })
  const file = path.join(usersDir(dataDir), `${process.pid}.json`)
  /** @type {DatabaseUser} */
  const user = { pid: process.pid, startTime: startTimeOf(process.pid) ?? 'unknown', command, exclusive }
  writeFileSync(file, JSON.stringify(user))
  return () => rmSync(file, { force: true })
}

/** The server should stop once its last user has left (its owner left while others still used it). */
export function requestStopWhenIdle(/** @type {string} */ dataDir) {
  mkdirSync(usersDir(dataDir), { recursive: true })
  writeFileSync(stopRequestFile(dataDir), String(process.pid))
}

/** Whether an owner asked the last user out to stop the server; reading it clears it. */
export function takeStopRequest(/** @type {string} */ dataDir) {
  try {
    readFileSync(stopRequestFile(dataDir))
  } catch {
    return false
  }
  rmSync(stopRequestFile(dataDir), { force: true })
  return true
}

/** @param {DatabaseUser[]} users */
export function describeUsers(users) {
  return users.map((u) => `${u.command}（PID ${u.pid}）`).join('、')
}
