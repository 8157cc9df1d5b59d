// `npm run bench:mail` — issue 4's fan-out budget (SPEC: notifying 10,000
// subscribers of one article reaches a local SMTP server in under 2 minutes,
// each mail once). On a fresh database: 10,000 active `immediate` subscribers
// of one topic, the production CMS build with SMTP_URL pointing at a local
// `smtp-server`, then one article published through REST as an editor would.
// Measures publish → last mail received, checks every address got exactly one,
// and prints a table plus one machine-readable line (BENCH_MAIL_RESULT {...}).
//
//   npm run bench:mail
//   npm run bench:mail -- --subscribers 10000 --database-url postgres://postgres@127.0.0.1:5432/postgres
//
// --database-url names a server to create (and drop) a scratch database on;
// without it an embedded PostgreSQL runs in a temporary directory.
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { SMTPServer } from 'smtp-server'
import { runBootstrap } from './lib/bootstrap.mjs'
import { buildIfNeeded } from './lib/build-if-needed.mjs'
import { REPO_ROOT } from './lib/local-settings.mjs'
import { freePort } from './lib/ports.mjs'
import { PAYLOAD_NODE_OPTIONS, startServer, stopChild, waitForHttp } from './lib/processes.mjs'

const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '10000' },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL },
    'timeout-seconds': { type: 'string', default: '600' },
  },
})
const SUBSCRIBERS = Number(args.subscribers)
const BUDGET_SECONDS = 120
const ADMIN = { email: 'bench-mail@newsroom.test', password: 'Bench-mail-2016' }
const PAYLOAD_SECRET = 'bench-mail-secret-0123456789abcdef0123456789'
const log = (line) => console.error(`[bench:mail] ${line}`)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const tmp = mkdtempSync(path.join(os.tmpdir(), 'newsroom-bench-mail-'))
const cleanups = []

async function cleanup() {
  for (const fn of cleanups.reverse()) await fn().catch((e) => log(`cleanup: ${e.message}`))
  rmSync(tmp, { recursive: true, force: true })
}
process.on('SIGINT', () => cleanup().then(() => process.exit(130)))

async function scratchDatabase() {
  let serverUrl = args['database-url']
  if (!serverUrl) {
    const { startEmbeddedPostgres } = await import('./lib/embedded-postgres.mjs')
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(tmp, 'postgres'),
      port: await freePort(),
      database: 'postgres',
      log: () => {},
    })
    cleanups.push(() => embedded.stop())
    serverUrl = embedded.url
  }
  const name = `newsroom_bench_mail_${Date.now()}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`)
  await admin.end()
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await client.end()
  })
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** The receiving side: counts accepted messages per recipient, nothing else (parsing would make it the bottleneck). */
async function startCountingSmtp() {
  const perRecipient = new Map()
  let total = 0
  let first = 0
  let last = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => {})
      stream.on('end', () => {
        const now = Date.now()
        first ||= now
        last = now
        for (const rcpt of session.envelope.rcptTo) {
          perRecipient.set(rcpt.address, (perRecipient.get(rcpt.address) ?? 0) + 1)
          total++
        }
        callback()
      })
    },
  })
  const port = await freePort()
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)))
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve(undefined))))
  return {
    port,
    stats: () => ({ total, unique: perRecipient.size, first, last, duplicates: total - perRecipient.size }),
  }
}

async function seedSubscribers(databaseUrl) {
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    const topic = await db.query(
      `INSERT INTO topics (name, slug, "order") VALUES ('基准测试专题', 'bench-mail', 1) RETURNING id`,
    )
    const topicId = topic.rows[0].id
    await db.query(
      `WITH s AS (
         INSERT INTO subscribers (email, frequency, state, all_topics, consent_at, source)
         SELECT 'bench-' || g || '@bench.newsroom.test', 'immediate', 'active', false, now(), 'bench'
         FROM generate_series(1, $1) g
         RETURNING id)
       INSERT INTO subscribers_rels (parent_id, path, topics_id, "order") SELECT id, 'topics', $2, 1 FROM s`,
      [SUBSCRIBERS, topicId],
    )
    return topicId
  } finally {
    await db.end()
  }
}

async function ledgerCounts(databaseUrl) {
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    const { rows } = await db.query(`SELECT state, count(*)::int AS n FROM deliveries GROUP BY state ORDER BY state`)
    return Object.fromEntries(rows.map((r) => [r.state, r.n]))
  } finally {
    await db.end()
  }
}

try {
  const databaseUrl = await scratchDatabase()
  log(`scratch database ready; ${SUBSCRIBERS} subscribers`)
  const env = {
    DATABASE_URL: databaseUrl,
    PAYLOAD_SECRET,
    DATA_DIR: tmp,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_OPTIONS: PAYLOAD_NODE_OPTIONS,
  }
  await runBootstrap({ ...env, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_SAMPLE_CONTENT: 'false' })
  const topicId = await seedSubscribers(databaseUrl)
  await buildIfNeeded(log)

  const smtp = await startCountingSmtp()
  const cmsPort = await freePort()
  const cmsUrl = `http://127.0.0.1:${cmsPort}`
  const nextBin = createRequire(path.join(REPO_ROOT, 'cms/package.json')).resolve('next/dist/bin/next')
  const cms = startServer('cms', process.execPath, [nextBin, 'start', '-p', String(cmsPort), '-H', '127.0.0.1'], {
    cwd: path.join(REPO_ROOT, 'cms'),
    env: { ...env, NODE_ENV: 'production', CMS_URL: cmsUrl, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
  })
  cleanups.push(() => stopChild(cms))
  await waitForHttp(`${cmsUrl}/api/topics?limit=1`, { isAlive: () => cms.exitCode === null, timeoutMs: 120_000 })

  const login = await fetch(`${cmsUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  }).then((r) => r.json())
  const publishedAt = Date.now()
  const created = await fetch(`${cmsUrl}/api/articles`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `JWT ${login.token}` },
    body: JSON.stringify({
      title: '基准测试：万人订阅推送',
      section: 'news',
      summary: '一篇文章推送给一万名订阅者所需的时间。',
      topics: [topicId],
      _status: 'published',
    }),
  })
  const publishMs = Date.now() - publishedAt
  if (created.status !== 201) throw new Error(`publishing failed: ${created.status} ${await created.text()}`)
  log(`published in ${publishMs} ms; waiting for ${SUBSCRIBERS} mails…`)

  const deadline = publishedAt + Number(args['timeout-seconds']) * 1000
  let stats = smtp.stats()
  let lastReport = 0
  while (stats.unique < SUBSCRIBERS && Date.now() < deadline) {
    await sleep(200)
    stats = smtp.stats()
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now()
      log(`${stats.total} received after ${((Date.now() - publishedAt) / 1000).toFixed(1)} s`)
    }
  }
  // Anything sent twice would arrive right behind the rest.
  await sleep(3000)
  stats = smtp.stats()
  const ledger = await ledgerCounts(databaseUrl)
  const totalSeconds = (stats.last - publishedAt) / 1000
  const sendSeconds = (stats.last - stats.first) / 1000
  const result = {
    subscribers: SUBSCRIBERS,
    received: stats.total,
    uniqueRecipients: stats.unique,
    duplicates: stats.duplicates,
    publishRequestMs: publishMs,
    firstMailAfterSeconds: Number(((stats.first - publishedAt) / 1000).toFixed(2)),
    publishToLastMailSeconds: Number(totalSeconds.toFixed(2)),
    mailsPerSecond: Math.round(stats.total / Math.max(sendSeconds, 0.001)),
    ledger,
    withinBudget: stats.unique === SUBSCRIBERS && stats.duplicates === 0 && totalSeconds < BUDGET_SECONDS,
  }
  console.log(`
| measure | value |
|---|---|
| subscribers | ${SUBSCRIBERS} |
| mails received (unique / total) | ${stats.unique} / ${stats.total} |
| duplicates | ${stats.duplicates} |
| publish request | ${publishMs} ms |
| publish → first mail | ${result.firstMailAfterSeconds} s |
| publish → last mail | ${result.publishToLastMailSeconds} s (budget ${BUDGET_SECONDS} s) |
| send rate (first → last mail) | ${result.mailsPerSecond} mails/s |
| ledger | ${Object.entries(ledger)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')} |
`)
  console.log(`BENCH_MAIL_RESULT ${JSON.stringify(result)}`)
  await cleanup()
  process.exit(result.withinBudget ? 0 : 1)
} catch (error) {
  console.error(`[bench:mail] failed: ${error?.stack ?? error}`)
  await cleanup()
  process.exit(1)
}
