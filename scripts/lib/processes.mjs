// Child processes of the launcher: one-shot steps and long-running servers.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { REPO_ROOT } from './local-settings.mjs'

/**
 * Node flags for every process that loads Payload's config outside Next's bundle.
 *
 * `--conditions=production` is not about speed. Lexical's Node entry points
 * (`lexical/dist/Lexical.node.mjs` and each `@lexical/*` one) pick their build
 * with a top-level `await import(…)`. Node 20 evaluates a graph of a dozen such
 * modules unreliably: measured here, a bare `import '@payloadcms/richtext-lexical'`
 * never settled in 5 of 12 runs (exit 13). Under `payload run`, which imports
 * the script from a floating promise, that became an exit 0 having run nothing:
 * a bootstrap that "succeeded" without migrating, an import that imported
 * nothing (docs/decisions/003). The `production` condition resolves Lexical's
 * packages straight to their plain ESM builds, which have no top-level await:
 * 0 failures in 70 runs, 30 of them with both cores busy.
 */
export const PAYLOAD_NODE_OPTIONS = '--no-deprecation --conditions=production'

/** The Payload CLI (`payload run`, `payload migrate`…) runs from cms/. */
const CMS_DIR = path.join(REPO_ROOT, 'cms')

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
    // stdio 'pipe' above: with onLine, stdout is a stream.
    if (onLine && child.stdout) createInterface({ input: child.stdout }).on('line', onLine)
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    )
  })
}

/**
 * Runs a TypeScript script of ours with `payload run` (from cms/) and the flags
 * above. `payload run` always exits 0 when the script returns (payload#18086),
 * so our scripts end with an explicit `process.exit(code)`.
 * @param {string} script path relative to cms/
 * @param {string[]} args
 * @param {{ env?: Record<string, string>, onLine?: (line: string) => void }} [options]
 */
export function runPayloadScript(script, args = [], { env = {}, onLine } = {}) {
  return runStep('npx', ['payload', 'run', script, ...args], {
    cwd: CMS_DIR,
    env: { ...env, NODE_OPTIONS: PAYLOAD_NODE_OPTIONS },
    onLine,
  })
}

/**
 * Starts a long-running server; its output is prefixed so interleaved logs stay readable.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string>, onLine?: (line: string) => void,
 *   echoTo?: NodeJS.WritableStream }} [options]
 *   onLine also receives every output line, e.g. for a test that asserts on the log;
 *   echoTo sends both streams there (a bench keeps its stdout for its table)
 */
export function startServer(name, command, args, { cwd = REPO_ROOT, env = {}, onLine, echoTo } = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const prefix = (stream, target) =>
    createInterface({ input: stream }).on('line', (line) => {
      target.write(`[${name}] ${line}\n`)
      onLine?.(line)
    })
  prefix(child.stdout, echoTo ?? process.stdout)
  prefix(child.stderr, echoTo ?? process.stderr)
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
