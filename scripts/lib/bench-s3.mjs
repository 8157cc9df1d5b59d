// @ts-check
// Image upload to S3 against local disk (issue 13: "≤ 1.5× the local-disk
// time"): two CMS processes over one fresh database, one storing in MEDIA_DIR,
// one in a bucket of a real S3 API server on loopback (s3rver), each sent the
// same photo-sized JPEG in turn (the original plus six AVIF/WebP sizes stored
// per upload). Wall time of the staff's POST /api/media, alternating, median.
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import sharp from 'sharp'
import { runBootstrap } from './bootstrap.mjs'
import { loginToken } from './cms-rest.mjs'
import { REPO_ROOT } from './local-settings.mjs'
import { freePort } from './ports.mjs'
import { PAYLOAD_NODE_OPTIONS, startServer, stopChild, waitForHttp } from './processes.mjs'
import { startS3Server } from './s3-server.mjs'
import { createScratchDatabase } from './scratch-database.mjs'

const ADMIN = { email: 'bench-s3@newsroom.test', password: 'Bench-s3-admin-2016' }

const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** A 12-megapixel-like photo is the common case; a noisy one, so the encoders do real work. */
async function photo() {
  const width = 3000
  const height = 2000
  const noise = randomBytes((width / 10) * (height / 10) * 3)
  return sharp(noise, { raw: { width: width / 10, height: height / 10, channels: 3 } })
    .resize(width, height, { kernel: 'cubic' })
    .jpeg({ quality: 85 })
    .toBuffer()
}

async function uploadOnce(cmsUrl, token, data, name) {
  const form = new FormData()
  form.append('_payload', JSON.stringify({ alt: '性能测试图片' }))
  form.append('file', new Blob([new Uint8Array(data)], { type: 'image/jpeg' }), name)
  const started = performance.now()
  const response = await fetch(`${cmsUrl}/api/media`, {
    method: 'POST',
    headers: { authorization: `JWT ${token}`, accept: 'application/json' },
    body: form,
  })
  const body = await response.json()
  const ms = performance.now() - started
  if (response.status !== 201)
    throw new Error(`upload to ${cmsUrl} answered ${response.status}: ${JSON.stringify(body)}`)
  return { ms, sizes: Object.values(body.doc.sizes ?? {}).filter((s) => s?.filename).length }
}

/**
 * @param {{ serverUrl: string, tmp: string, rounds?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ local: number, s3: number, ratio: number, rounds: number, bytes: number, files: number }>}
 */
export async function benchS3Upload({ serverUrl, tmp, rounds = 7, log = () => {} }) {
  const cleanups = []
  try {
    const scratch = await createScratchDatabase(serverUrl, 'newsroom_bench_s3')
    cleanups.push(scratch.drop)
    const dataDir = path.join(tmp, 's3-bench')
    mkdirSync(dataDir, { recursive: true })
    const s3 = await startS3Server({ dir: path.join(dataDir, 's3'), buckets: ['bench'] })
    cleanups.push(s3.stop)
    const base = {
      DATABASE_URL: scratch.url,
      PAYLOAD_SECRET: randomBytes(32).toString('hex'),
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_OPTIONS: PAYLOAD_NODE_OPTIONS,
      PAYLOAD_JOBS_AUTORUN: 'false',
    }
    log('s3 upload: bootstrap (migrations and an admin, no sample content)')
    await runBootstrap({
      ...base,
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SEED_SAMPLE_CONTENT: 'false',
    })
    const nextBin = createRequire(path.join(REPO_ROOT, 'cms/package.json')).resolve('next/dist/bin/next')
    const cms = async (name, env) => {
      const port = await freePort()
      const child = startServer(
        `cms-${name}:${port}`,
        process.execPath,
        [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
        {
          cwd: path.join(REPO_ROOT, 'cms'),
          env: { ...base, NODE_ENV: 'production', CMS_URL: `http://127.0.0.1:${port}`, ...env },
          echoTo: process.stderr,
        },
      )
      cleanups.push(() => stopChild(child))
      return `http://127.0.0.1:${port}`
    }
    const targets = {
      local: await cms('local', { DATA_DIR: path.join(dataDir, 'local') }),
      s3: await cms('s3', { DATA_DIR: path.join(dataDir, 'unused'), ...s3.settings('bench', { direct: true }) }),
    }
    for (const url of Object.values(targets)) await waitForHttp(`${url}/api/topics?limit=1`, { timeoutMs: 120_000 })
    // One after the other: Payload keeps a user's sessions in their row, and two logins at once
    // (read, add, write) leave only one of the two sessions valid.
    /** @type {Record<string, string>} */
    const tokens = {}
    for (const [k, url] of Object.entries(targets)) tokens[k] = await loginToken(url, ADMIN, 'bench admin')
    const image = await photo()
    /** @type {Record<string, number[]>} */
    const times = { local: [], s3: [] }
    let files = 0
    // One warm-up each (first use of sharp's encoders and of the S3 connection), then alternating rounds.
    for (const k of Object.keys(targets)) await uploadOnce(targets[k], tokens[k], image, `warm-${k}.jpg`)
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? ['s3', 'local'] : ['local', 's3']
      for (const k of order) {
        const { ms, sizes } = await uploadOnce(targets[k], tokens[k], image, `round-${round}-${k}.jpg`)
        times[k].push(ms)
        files = 1 + sizes
      }
    }
    const local = median(times.local)
    const s3Median = median(times.s3)
    log(`s3 upload: local ${local.toFixed(0)} ms, s3 ${s3Median.toFixed(0)} ms (median of ${rounds})`)
    return { local, s3: s3Median, ratio: s3Median / local, rounds, bytes: image.length, files }
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch((e) => log(`cleanup: ${e.message}`))
  }
}

/** The bench report's section. */
export function s3UploadTable(r) {
  return [
    '### Image upload: S3 bucket against local disk (POST /api/media, original + every size stored)',
    '',
    '| store | median ms | ratio to local |',
    '|---|---:|---:|',
    `| local disk (MEDIA_DIR) | ${r.local.toFixed(0)} | 1.00 |`,
    `| S3 (s3rver on loopback) | ${r.s3.toFixed(0)} | ${r.ratio.toFixed(2)} |`,
    '',
    `${(r.bytes / 1024 / 1024).toFixed(1)} MB JPEG (3000×2000), ${r.files} files per upload, ${r.rounds} alternating rounds after one warm-up each. Target: ratio ≤ 1.5.`,
  ].join('\n')
}
