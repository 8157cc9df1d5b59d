// Child processes of the launcher: one-shot steps and long-running servers.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { REPO_ROOT } from './local-settings.mjs'

/**
 * Runs a command to completion with inherited output; rejects with its exit code.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string>, onLine?: (line: string) => void }} [options]
 * @returns {Promise<void>}
 */
export function runStep(command, args, { cwd = REPO_ROOT, env = {}, onLine } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: onLine ? ['ignore', 'pipe', 'inherit'] : ['ignore', 'inherit', 'inherit'],
    })
    if (onLine) createInterface({ input: child.stdout }).on('line', onLine)
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    )
  })
}

/**
 * Starts a long-running server; its output is prefixed so interleaved logs stay readable.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string> }} [options]
 */
export function startServer(name, command, args, { cwd = REPO_ROOT, env = {} } = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const prefix = (stream, target) =>
    createInterface({ input: stream }).on('line', (line) => target.write(`[${name}] ${line}\n`))
  prefix(child.stdout, process.stdout)
  prefix(child.stderr, process.stderr)
  return child
}

/**
 * Polls a URL until it answers (any status below 500) or the deadline passes.
 * @param {string} url
 * @param {{ timeoutMs?: number, isAlive?: () => boolean }} [options]
 */
export async function waitForHttp(url, { timeoutMs = 60_000, isAlive = () => true } = {}) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`process for ${url} exited before it answered`)
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
      if (response.status < 500) return
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`)
}

/**
 * Sends SIGTERM, then SIGKILL after a grace period; resolves when the child is gone.
 * @param {import('node:child_process').ChildProcess | undefined} child
 * @param {number} [graceMs]
 * @returns {Promise<void>}
 */
export function stopChild(child, graceMs = 8000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
