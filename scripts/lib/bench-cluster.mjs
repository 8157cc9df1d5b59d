// @ts-check
// The cluster part of `npm run bench` (`-- --only cluster` runs just this):
// the deployment of deploy/ on one machine (cluster-stack.mjs: PostgreSQL
// primary + a streaming replica kept 200 ms behind, two CMS and two site
// instances from the systemd units, nginx from the template with TLS), and
//
// - publish → visible: seconds from sending a correction to the moment both
//   site instances show it, read through nginx, with the replica in the read
//   path (the reads wait for it to replay the change, docs/decisions/015);
// - cached pages through nginx against nginx serving the very same bytes from
//   a file, over the same TLS (requests/s, p50/p99);
// - one announcement to 2,000 subscribers, the sending CMS instance killed
//   with SIGKILL after 500 mails: how long until the other instance has sent
//   the rest, and whether anyone got none or two (a counting SMTP server).
import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import https from 'node:https'
import path from 'node:path'
import { SMTPServer } from 'smtp-server'
import { CLUSTER_ADMIN, sendingInstance, signalTree, startClusterStack } from './cluster-stack.mjs'
import { lexicalDocument } from './cms-rest.mjs'
import { makeSelfSignedCertificate } from './nginx-front.mjs'
import { freePort } from './ports.mjs'
import { stopChild } from './processes.mjs'

const REPLICA_DELAY = '200ms'
const SUBSCRIBERS = 2000
const KILL_AFTER = 500

/**
 * Counts accepted mails per recipient; after `holdAfter` mails it leaves every further MAIL FROM unanswered
 * until `release()`, so the sender is caught mid-send.
 */
async function startHoldingSmtp() {
  /** @type {Map<string, number>} */
  const perRecipient = new Map()
  let total = 0
  let holdAfter = Number.POSITIVE_INFINITY
  /** @type {Array<() => void>} */
  let held = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (total < holdAfter) return callback()
      held.push(() => {
        try {
          callback()
        } catch {}
      })
    },
    onData(stream, session, callback) {
      stream.on('data', () => {})
      stream.on('end', () => {
        for (const rcpt of session.envelope.rcptTo) {
          perRecipient.set(rcpt.address, (perRecipient.get(rcpt.address) ?? 0) + 1)
          total++
        }
        callback()
      })
    },
  })
  // A killed sender resets its connections: expected here.
  server.on('error', () => {})
  const port = await freePort()
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)))
  return {
    port,
    hold: (/** @type {number} */ after) => {
      holdAfter = after
    },
    release: () => {
      holdAfter = Number.POSITIVE_INFINITY
      const waiting = held
      held = []
      for (const go of waiting) go()
    },
    stats: () => ({ total, unique: perRecipient.size }),
    stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  }
}
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms))

/**
 * A GET over TLS trusting `ca`; the body as sent.
 * @param {string} url
 * @param {string} ca
 * @param {Record<string, string>} [headers]
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: Buffer }>}
 */
function tlsGet(url, ca, headers = {}) {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, headers, agent: false }, (res) => {
        /** @type {Buffer[]} */
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      })
      .on('error', reject)
  })
}

/**
 * @param {object} options
 * @param {string} options.tmp  the bench's temp folder
 * @param {(line: string) => void} options.log
 * @param {string | null} options.nginxBin
 * @param {(url: string) => Promise<{ rps: number, p50: number, p99: number, errors: number, non2xx: number }>} options.load
 * @param {number} options.rounds
 */
export async function benchCluster({ tmp, log, nginxBin, load, rounds }) {
  if (!nginxBin) return null
  const dir = path.join(tmp, 'cluster')
  mkdirSync(dir)
  // The bench's own folder comes from mkdtemp (0700, root's): the postgres user and nginx's workers must pass it.
  chmodSync(tmp, 0o755)
  log(`cluster: primary + replica (${REPLICA_DELAY} behind), 2 CMS, 2 sites, nginx`)
  const smtp = await startHoldingSmtp()
  const cluster = await startClusterStack({
    dir,
    replicaSettings: { recovery_min_apply_delay: REPLICA_DELAY },
    // A dead instance's mails come back after 10 s (default 300).
    env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_SEND_LEASE_SECONDS: '10' },
    log,
  }).catch(async (error) => {
    await smtp.stop()
    throw error
  })
  try {
    const cms = cluster.cms.map((c) => c.url)
    const login = await fetch(`${cms[0]}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CLUSTER_ADMIN),
    }).then((r) => r.json())
    const api = (/** @type {string} */ base, /** @type {string} */ method, /** @type {string} */ p, body) =>
      fetch(`${base}/api${p}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `JWT ${login.token}` },
        body: JSON.stringify(body),
      }).then((r) => r.json())
    const created = await api(cms[0], 'POST', '/articles', {
      title: '集群基准测试文章',
      section: 'news',
      summary: '集群基准测试',
      content: lexicalDocument('集群基准测试正文。'),
      _status: 'published',
    })
    const articlePath = `/articles/${created.doc.slug}`
    await cluster.db.waitForCatchUp()
    /** @type {number[]} */
    const visible = []
    for (let trial = 1; trial <= 5; trial++) {
      // Both instances warm: the measurement is purge + re-render, not a cold miss.
      for (let i = 0; i < 4; i++) await tlsGet(`${cluster.siteUrl}${articlePath}`, cluster.certificate)
      const title = `集群基准测试第${trial}版`
      const started = performance.now()
      const saving = api(cms[trial % 2], 'PATCH', `/articles/${created.doc.id}`, { title })
      // Through nginx, which alternates between the instances: both shown once two answers in a row have it.
      let inARow = 0
      let seenAt = Number.POSITIVE_INFINITY
      while (performance.now() - started < 10_000) {
        const page = await tlsGet(`${cluster.siteUrl}${articlePath}`, cluster.certificate)
        inARow = page.body.toString('utf8').includes(title) ? inARow + 1 : 0
        if (inARow >= 2) {
          seenAt = (performance.now() - started) / 1000
          break
        }
        await sleep(5)
      }
      await saving
      visible.push(seenAt)
      await sleep(300)
    }

    // Cached pages: the site through nginx against nginx serving the same bytes, on the same TLS.
    const page = await tlsGet(`${cluster.siteUrl}${articlePath}`, cluster.certificate, { 'accept-encoding': 'br' })
    await tlsGet(`${cluster.siteUrl}${articlePath}`, cluster.certificate, { 'accept-encoding': 'br' })
    const refDir = path.join(dir, 'reference')
    mkdirSync(refDir)
    chmodSync(refDir, 0o755)
    const body = path.join(refDir, 'article.body')
    writeFileSync(body, page.body)
    chmodSync(body, 0o644)
    const tls = await makeSelfSignedCertificate(refDir)
    const refPort = await freePort()
    const conf = `worker_processes 2;
daemon off;
pid ${refDir}/nginx.pid;
error_log ${refDir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((n) => `  ${n}_temp_path ${refDir}/${n};`).join('\n')}
  server {
    listen 127.0.0.1:${refPort} ssl http2;
    ssl_certificate ${tls.cert};
    ssl_certificate_key ${tls.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:reference:10m;
    location = /article {
      alias ${body};
      types { }
      default_type "${page.headers['content-type']}";
      add_header Content-Encoding ${page.headers['content-encoding']};
      add_header Vary Accept-Encoding;
      add_header Cache-Control "${page.headers['cache-control']}";
    }
  }
}
`
    writeFileSync(path.join(refDir, 'nginx.conf'), conf)
    const reference = spawn(nginxBin, ['-c', path.join(refDir, 'nginx.conf'), '-p', refDir], { stdio: 'ignore' })
    try {
      const refUrl = `https://127.0.0.1:${refPort}/article`
      for (let i = 0; i < 50; i++) {
        const ok = await tlsGet(refUrl, tls.cert, { 'accept-encoding': 'br' }).catch(() => null)
        if (ok?.status === 200 && ok.body.equals(page.body)) break
        if (i === 49) throw new Error('the reference nginx does not serve the page’s bytes')
        await sleep(100)
      }
      const targets = { nginx: refUrl, site: `${cluster.siteUrl}${articlePath}` }
      /** @type {Record<string, Array<{ rps: number, p50: number, p99: number, errors: number, non2xx: number }>>} */
      const runs = { nginx: [], site: [] }
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? ['nginx', 'site'] : ['site', 'nginx']
        for (const name of order) {
          runs[name]?.push(await load(targets[/** @type {'nginx' | 'site'} */ (name)]))
          await sleep(500)
        }
      }
      const crash = await killMidSend(cluster, smtp, (p, body) => api(cms[0], 'POST', p, body), log)
      return { visible, runs, bytes: page.body.length, replicaDelay: REPLICA_DELAY, crash }
    } finally {
      await stopChild(reference)
    }
  } finally {
    await cluster.stop()
    await smtp.stop()
  }
}

/**
 * @param {import('./cluster-stack.mjs').ClusterStack} cluster
 * @param {Awaited<ReturnType<typeof startHoldingSmtp>>} smtp
 * @param {(path: string, body: unknown) => Promise<any>} post
 * @param {(line: string) => void} log
 */
async function killMidSend(cluster, smtp, post, log) {
  log(`mail: ${SUBSCRIBERS} subscribers, the sending instance killed after ${KILL_AFTER} mails`)
  await cluster.sql(
    `INSERT INTO subscribers (email, all_topics, frequency, state, consent_at, source)
     SELECT 'bench-' || n || '@bench.newsroom.test', true, 'immediate', 'active', now(), 'bench'
     FROM generate_series(1, $1::int) AS n`,
    [SUBSCRIBERS],
  )
  smtp.hold(KILL_AFTER)
  const started = performance.now()
  await post('/articles', {
    title: '两千位订阅者的通知',
    section: 'notice',
    summary: '集群基准测试：两千位订阅者。',
    content: lexicalDocument('两千位订阅者的通知正文。'),
    _status: 'published',
  })
  while (smtp.stats().total < KILL_AFTER && performance.now() - started < 120_000) await sleep(100)
  const victim = await sendingInstance(cluster.cms, smtp.port)
  if (!victim) throw new Error('no CMS instance is connected to the SMTP server')
  await signalTree(victim, 'SIGKILL')
  const killedAt = performance.now()
  smtp.release()
  while (smtp.stats().unique < SUBSCRIBERS && performance.now() - killedAt < 240_000) await sleep(200)
  const doneAt = performance.now()
  await sleep(5000)
  const { total, unique } = smtp.stats()
  return {
    subscribers: SUBSCRIBERS,
    killAfter: KILL_AFTER,
    unique,
    duplicates: total - unique,
    secondsAfterKill: (doneAt - killedAt) / 1000,
  }
}
