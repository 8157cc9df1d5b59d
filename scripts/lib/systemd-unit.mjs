// @ts-check
// Runs the commands of a unit in deploy/systemd the way systemd would, for the
// tests and the cluster bench: no systemd runs here, so the [Service] lines
// that make the processes (WorkingDirectory, Environment, EnvironmentFile,
// ExecStartPre, ExecStart) are read and carried out, with the deployment's
// root (/srv/newsroom) and env file (/etc/newsroom/newsroom.env) pointed at
// the checkout and the caller's file. `systemd-analyze verify` checks the
// rest of each file (test/infrastructure/cluster.test.ts).
import { readFileSync } from 'node:fs'
import path from 'node:path'

const DEPLOY_ROOT = '/srv/newsroom'
const DEPLOY_ENV_FILE = '/etc/newsroom/newsroom.env'

/**
 * Words of a systemd command line or assignment list: split on blanks, double quotes group (and are removed).
 * @param {string} line
 */
function words(line) {
  /** @type {string[]} */
  const out = []
  let current = ''
  let quoted = false
  let started = false
  for (const char of line) {
    if (char === '"') {
      quoted = !quoted
      started = true
    } else if (!quoted && /\s/.test(char)) {
      if (started) out.push(current)
      current = ''
      started = false
    } else {
      current += char
      started = true
    }
  }
  if (started) out.push(current)
  return out
}

/**
 * KEY=VALUE lines of an EnvironmentFile (comments, blank lines and surrounding quotes as systemd reads them).
 * @param {string} text
 */
function parseEnvironmentFile(text) {
  /** @type {Record<string, string>} */
  const env = {}
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#') || line.startsWith(';')) continue
    const eq = line.indexOf('=')
    if (eq < 1) continue
    const value = line.slice(eq + 1).trim()
    env[line.slice(0, eq).trim()] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value
  }
  return env
}

/**
 * @typedef {object} UnitCommands
 * @property {string} cwd
 * @property {Record<string, string>} env  what the unit sets (the caller adds PATH and the like)
 * @property {string[][]} pre  ExecStartPre commands, in order
 * @property {string[]} start  the ExecStart command
 */

/**
 * @param {string} unitFile  a file in deploy/systemd
 * @param {object} options
 * @param {string} options.root  stands for /srv/newsroom
 * @param {string} options.environmentFile  stands for /etc/newsroom/newsroom.env
 * @param {string} [options.instance]  %i of a template unit (name@instance.service)
 * @returns {UnitCommands}
 */
export function readUnit(unitFile, { root, environmentFile, instance = '' }) {
  /** @type {Record<string, string[]>} */
  const service = {}
  let section = ''
  for (const raw of readFileSync(unitFile, 'utf8').split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#') || line.startsWith(';')) continue
    const header = /^\[(.+)\]$/.exec(line)
    if (header) {
      section = header[1] ?? ''
      continue
    }
    if (section !== 'Service') continue
    const eq = line.indexOf('=')
    const key = line.slice(0, eq)
    service[key] = [...(service[key] ?? []), line.slice(eq + 1)]
  }
  const specifiers = (/** @type {string} */ text) =>
    text.replaceAll('%%', '\0').replaceAll('%i', instance).replaceAll('\0', '%').replaceAll(DEPLOY_ROOT, root)

  /** @type {Record<string, string>} */
  const env = {}
  for (const list of service.Environment ?? []) {
    for (const assignment of words(specifiers(list))) {
      const eq = assignment.indexOf('=')
      env[assignment.slice(0, eq)] = assignment.slice(eq + 1)
    }
  }
  // Settings from the file win over Environment= lines, as in systemd.
  for (const file of service.EnvironmentFile ?? []) {
    const target = file.replace(/^-/, '') === DEPLOY_ENV_FILE ? environmentFile : specifiers(file.replace(/^-/, ''))
    Object.assign(env, parseEnvironmentFile(readFileSync(target, 'utf8')))
  }
  // ${NAME} is one word with the variable's value (systemd.service(5), "Command lines").
  const command = (/** @type {string} */ line) =>
    words(specifiers(line)).map((word) => word.replace(/\$\{(\w+)\}/g, (_, name) => env[name] ?? ''))

  const start = service.ExecStart?.[0]
  if (!start) throw new Error(`${path.basename(unitFile)} has no ExecStart`)
  return {
    cwd: specifiers(service.WorkingDirectory?.[0] ?? root),
    env,
    pre: (service.ExecStartPre ?? []).map(command),
    start: command(start),
  }
}
