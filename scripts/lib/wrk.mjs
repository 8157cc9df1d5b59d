// @ts-check
// wrk (Debian's) as the benches drive it: one thread, `--latency`, brotli/gzip accepted, and the figures read
// back from its text report. An optional Lua script chooses each request's path (the search mix).
import { spawn } from 'node:child_process'

/** @typedef {{ rps: number, p50: number, p99: number, errors: number, non2xx: number }} LoadResult */

/** @param {import('node:child_process').ChildProcess} child */
function collect(child) {
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d) => {
      out += d
    })
    child.on('error', reject)
    child.on('exit', () => resolve(out))
  })
}

/**
 * @param {string} wrkBin
 * @param {string} url
 * @param {{ duration: number, connections: number, script?: string }} options
 * @returns {Promise<LoadResult>}
 */
export async function runWrk(wrkBin, url, { duration, connections, script }) {
  const argv = ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', '-H', 'accept-encoding: br, gzip']
  if (script) argv.push('-s', script)
  const out = /** @type {string} */ (
    await collect(spawn(wrkBin, [...argv, url], { stdio: ['ignore', 'pipe', 'ignore'] }))
  )
  /** @param {string} label */
  const ms = (label) => {
    const m = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\b`, 'm').exec(out)
    if (!m) throw new Error(`wrk output unreadable for ${url}: no ${label}\n${out}`)
    return Number(m[1]) * /** @type {Record<string, number>} */ ({ us: 0.001, ms: 1, s: 1000 })[m[2]]
  }
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)
  if (!rps) throw new Error(`wrk output unreadable for ${url}\n${out}`)
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
  return {
    rps: Number(rps[1]),
    p50: ms('50%'),
    p99: ms('99%'),
    errors: socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
  }
}

/** @param {number[]} xs */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  if (!s.length) return Number.NaN
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** @param {number[]} xs @param {number} p */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}

/** Median rate and latencies of several runs, errors and non-2xx answers added up. @param {LoadResult[]} runs */
export function summarise(runs) {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((n, r) => n + r.errors + r.non2xx, 0),
  }
}
