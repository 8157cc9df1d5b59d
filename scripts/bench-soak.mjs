// `npm run bench:soak` — issue 6's soak: a fixed request rate of mixed reader
// URLs for minutes while an editor publishes every few seconds, watching for
// errors and for memory that keeps growing. A bench, not a test: it prints a
// table (docs/bench.md, "Soak") and exits non-zero on any error.
//
// Starts its own stack (a fresh database on the machine's PostgreSQL, one CMS,
// one site) like `npm run bench`, or uses a running one:
//
//   npm run bench:soak                         # 10 minutes, 200 req/s
//   npm run bench:soak -- --minutes 1          # a quick run
//   npm run bench:soak -- --site-url http://127.0.0.1:3000 --cms-url http://127.0.0.1:3001
//     (a running stack: BENCH_ADMIN_EMAIL / BENCH_ADMIN_PASSWORD log in; the
//      PIDs whose memory is sampled are found from the listening ports)
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { startAppStack } from './lib/app-stack.mjs'
import { buildIfNeeded } from './lib/build-if-needed.mjs'
import { lexicalDocument as lexical, loginToken } from './lib/cms-rest.mjs'
import { createScratchDatabase } from './lib/scratch-database.mjs'

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '200' },
    connections: { type: 'string', default: '20' },
    'publish-every': { type: 'string', default: '5' },
    'sample-every': { type: 'string', default: '10' },
    'site-url': { type: 'string' },
    'cms-url': { type: 'string' },
  },
})
const MINUTES = Number(args.minutes)
const RATE = Number(args.rate)
const CONNECTIONS = Number(args.connections)
const PUBLISH_EVERY_S = Number(args['publish-every'])
const SAMPLE_EVERY_S = Number(args['sample-every'])
for (const [name, value] of Object.entries({ MINUTES, RATE, CONNECTIONS, PUBLISH_EVERY_S, SAMPLE_EVERY_S })) {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
}
const ADMIN = {
  email: process.env.BENCH_ADMIN_EMAIL || 'soak@newsroom.test',
  password: process.env.BENCH_ADMIN_PASSWORD || 'Soak-admin-2016',
}
const log = (line) => console.error(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const cleanups = []
async function cleanup() {
  for (const fn of cleanups.reverse()) await fn().catch((e) => log(`cleanup: ${e.message}`))
  cleanups.length = 0
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => cleanup().then(() => process.exit(130)))

/* ---------- the stack ---------- */

async function ownStack() {
  const serverUrl =
    process.env.BENCH_DATABASE_SERVER || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
  const scratch = await createScratchDatabase(serverUrl, 'newsroom_soak')
  cleanups.push(scratch.drop)
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'newsroom-soak-'))
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }))
  await buildIfNeeded(log)
  log('bootstrap and start (CMS, site)')
  const stack = await startAppStack({
    databaseUrl: scratch.url,
    dataDir,
    payloadSecret: randomBytes(32).toString('hex'),
    admin: ADMIN,
    // The search limit protects the CMS from one reader; here every request comes from one address.
    cmsEnv: { SEARCH_RATE_LIMIT: '0' },
    // The servers' logs to stderr: stdout is the table alone.
    echoTo: process.stderr,
    log,
  })
  cleanups.push(() => stack.stop())
  return { cmsUrl: stack.cmsUrl, siteUrl: stack.siteUrl, pids: { cms: stack.cms.pid, site: stack.site.pid } }
}

/** The PID listening on a loopback TCP port (Linux: /proc/net/tcp inode → /proc/PID/fd). */
function pidListeningOn(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0')
  const inodes = new Set()
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = ''
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/)
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN.
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A') inodes.add(cols[9])
    }
  }
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds = []
    try {
      fds = readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))
        if (m && inodes.has(m[1])) return Number(pid)
      } catch {}
    }
  }
  return undefined
}

/* ---------- memory ---------- */

/** A process and its descendants (`next start` may run the server in a child): RSS in MB, summed. */
function rssMb(rootPid) {
  const children = new Map()
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (!children.has(ppid)) children.set(ppid, [])
      children.get(ppid).push(Number(pid))
    } catch {}
  }
  let kb = 0
  const stack = [rootPid]
  while (stack.length) {
    const pid = stack.pop()
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      if (m) kb += Number(m[1])
    } catch {}
    stack.push(...(children.get(pid) ?? []))
  }
  return kb / 1024
}

/** Least-squares slope of (minutes, MB) points. */
function slope(points) {
  if (points.length < 2) return Number.NaN
  const n = points.length
  const mx = points.reduce((s, p) => s + p[0], 0) / n
  const my = points.reduce((s, p) => s + p[1], 0) / n
  const num = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0)
  const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0)
  return den === 0 ? Number.NaN : num / den
}

/* ---------- the editor ---------- */

/** Corrections of article titles every few seconds, a new article every sixth time; counts what failed. */
function startEditor(cmsUrl, token, articles) {
  /** @type {{ corrections: number, created: number, failures: string[], saveMs: number[] }} */
  const done = { corrections: 0, created: 0, failures: [], saveMs: [] }
  let running = true
  const api = async (method, p, body) => {
    const started = performance.now()
    const r = await fetch(`${cmsUrl}/api${p}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    })
    const text = await r.text()
    done.saveMs.push(performance.now() - started)
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text.slice(0, 200)}`)
    return JSON.parse(text)
  }
  const loop = (async () => {
    for (let n = 1; running; n++) {
      const tick = sleep(PUBLISH_EVERY_S * 1000)
      try {
        if (n % 6 === 0) {
          const marker = randomBytes(3).toString('hex')
          await api('POST', '/articles', {
            title: `浸泡测试新文章 ${marker}`,
            section: 'news',
            summary: '浸泡测试期间发布的文章。',
            content: lexical(`浸泡测试正文 ${marker}`),
            _status: 'published',
          })
          done.created++
        } else {
          const article = articles[n % articles.length]
          // Alternate two corrections so titles do not grow.
          await api('PATCH', `/articles/${article.id}`, { title: `${article.title}${n % 2 ? '（更正）' : ''}` })
          done.corrections++
        }
      } catch (error) {
        done.failures.push(error.message)
        log(`publish failed: ${error.message}`)
      }
      await tick
    }
  })()
  return {
    done,
    stop: async () => {
      running = false
      await loop
      return done
    },
  }
}

/* ---------- main ---------- */

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : Number.NaN
}

try {
  let stack
  if (args['site-url'] && args['cms-url']) {
    const pids = {
      cms: pidListeningOn(Number(new URL(args['cms-url']).port)),
      site: pidListeningOn(Number(new URL(args['site-url']).port)),
    }
    stack = { cmsUrl: args['cms-url'].replace(/\/+$/, ''), siteUrl: args['site-url'].replace(/\/+$/, ''), pids }
  } else if (args['site-url'] || args['cms-url']) {
    throw new Error('--site-url and --cms-url go together')
  } else {
    stack = await ownStack()
  }
  for (const [name, pid] of Object.entries(stack.pids)) if (!pid) throw new Error(`no PID found for the ${name}`)

  const token = await loginToken(stack.cmsUrl, ADMIN, 'set BENCH_ADMIN_EMAIL/BENCH_ADMIN_PASSWORD')
  const list = await fetch(
    `${stack.cmsUrl}/api/articles?where[_status][equals]=published&sort=-publishedAt&limit=8&depth=0&select[slug]=true&select[title]=true`,
  ).then((r) => r.json())
  const articles = list.docs
  if (articles.length < 4) throw new Error('need at least 4 published articles')
  const paths = [
    '/',
    `/articles/${articles[0].slug}`,
    `/articles/${articles[1].slug}`,
    `/articles/${articles[2].slug}`,
    '/sections/news',
    '/sections/policy',
    '/feed.xml',
    `/search?q=${encodeURIComponent('科技')}`,
  ]
  for (const p of paths) {
    const r = await fetch(`${stack.siteUrl}${p}`)
    await r.arrayBuffer()
    if (r.status !== 200) throw new Error(`${p} answered ${r.status} before the soak`)
  }

  const samples = { cms: [], site: [] }
  const t0 = performance.now()
  const sample = () => {
    const minutes = (performance.now() - t0) / 60_000
    for (const [name, pid] of Object.entries(stack.pids)) samples[name].push([minutes, rssMb(pid)])
  }
  sample()
  const sampler = setInterval(sample, SAMPLE_EVERY_S * 1000)
  // Corrections only of articles the readers do not all hit, so every kind of page keeps being re-rendered.
  const editor = startEditor(stack.cmsUrl, token, articles.slice(2))
  const progress = setInterval(() => {
    const last = (name) => samples[name].at(-1)?.[1].toFixed(0)
    log(
      `${((performance.now() - t0) / 60_000).toFixed(1)} min: ${editor.done.corrections + editor.done.created} publishes, RSS cms ${last('cms')} MB, site ${last('site')} MB`,
    )
  }, 60_000)
  log(`${MINUTES} min at ${RATE} req/s over ${CONNECTIONS} connections; a publish every ${PUBLISH_EVERY_S} s`)
  const result = await autocannon({
    url: stack.siteUrl,
    connections: CONNECTIONS,
    overallRate: RATE,
    duration: MINUTES * 60,
    timeout: 10,
    headers: { 'accept-encoding': 'br, gzip' },
    requests: paths.map((p) => ({ method: 'GET', path: p })),
  })
  clearInterval(progress)
  const publishes = await editor.stop()
  clearInterval(sampler)
  sample()

  const bad = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => Number(code) >= 400)
    .reduce((n, [, s]) => n + Number(s.count), 0)
  const f0 = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–')
  const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–')
  const durationMin = (performance.now() - t0) / 60_000
  const lines = [
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; ${MINUTES} min at ${RATE} req/s (autocannon, ${CONNECTIONS} connections, \`accept-encoding: br, gzip\`) over ${paths.length} URLs (home, 3 articles, 2 sections, feed, search); a publish every ${PUBLISH_EVERY_S} s (a title correction, every sixth a new article); RSS of each process and its children every ${SAMPLE_EVERY_S} s.`,
    '',
    '| measure | value |',
    '|---|---:|',
    `| requests | ${f0(result.requests.total)} (${f1(result.requests.average)} req/s) |`,
    `| non-2xx/3xx answers | ${f0(bad)} |`,
    `| errors / timeouts | ${f0(result.errors)} / ${f0(result.timeouts)} |`,
    `| latency p50 / p99 / max (ms) | ${result.latency.p50} / ${result.latency.p99} / ${result.latency.max} |`,
    `| publishes (corrections + new articles) | ${publishes.corrections + publishes.created} (${publishes.corrections} + ${publishes.created}) |`,
    `| failed publishes | ${publishes.failures.length} |`,
    `| save p50 / p99 (ms) | ${f0(percentile(publishes.saveMs, 50))} / ${f0(percentile(publishes.saveMs, 99))} |`,
    '',
    '| process | RSS start (MB) | middle (MB) | end (MB) | slope, second half (MB/min) |',
    '|---|---:|---:|---:|---:|',
  ]
  for (const [name, points] of Object.entries(samples)) {
    const middle = points.reduce((best, p) =>
      Math.abs(p[0] - durationMin / 2) < Math.abs(best[0] - durationMin / 2) ? p : best,
    )
    const secondHalf = points.filter((p) => p[0] >= durationMin / 2)
    lines.push(
      `| ${name} | ${f1(points[0][1])} | ${f1(middle[1])} | ${f1(points[points.length - 1][1])} | ${slope(secondHalf).toFixed(2)} |`,
    )
  }
  console.log(lines.join('\n'))
  const failed = bad + result.errors + result.timeouts + publishes.failures.length
  if (failed > 0) {
    log(
      `FAILED: ${bad} bad answers, ${result.errors} errors, ${result.timeouts} timeouts, ${publishes.failures.length} failed publishes`,
    )
    process.exitCode = 1
  }
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await cleanup()
}
