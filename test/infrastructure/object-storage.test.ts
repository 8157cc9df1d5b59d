/**
 * Uploads in an S3-compatible bucket (docs/decisions/013), against a real S3
 * API server on loopback (s3rver) and a CMS + site of this suite's own over a
 * database of its own, with `S3_BUCKET` set and objects read straight from the
 * bucket (`S3_PUBLIC_URL`). The sample content is bootstrapped the way a site
 * that started on local disk has it: in MEDIA_DIR, until `npm run media:migrate`.
 *
 * Checked as staff and readers see it: REST uploads, the pages, the feed and a
 * subscriber's mail link the bucket; the objects carry long-caching headers;
 * deletes remove every resized copy; with the S3 server stopped an upload is
 * a Chinese 503 and nothing is saved while pages keep serving; backup, restore
 * and the migration in both directions move the objects.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { simpleParser } from 'mailparser'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppStack, startAppStack } from '../../scripts/lib/app-stack.mjs'
import { REPO_ROOT } from '../../scripts/lib/local-settings.mjs'
import { startS3Server } from '../../scripts/lib/s3-server.mjs'
import { createScratchDatabase } from '../../scripts/lib/scratch-database.mjs'
import { waitFor } from '../performance/site-instances'
import { lexical, requireStack } from '../support/api'

const ADMIN = { email: 's3-admin@newsroom.test', password: 'S3-admin-密码-2016' }
const BUCKET = 'newsroom'
const RESTORED_BUCKET = 'newsroom-restored'
const SIZE_COUNT = 6

type S3 = Awaited<ReturnType<typeof startS3Server>>
type Scratch = Awaited<ReturnType<typeof createScratchDatabase>>

let work: string
let s3: S3
let client: S3Client
const databases: Scratch[] = []
let app: AppStack
let token: string
let bucketUrl: string

const digest = (data: Buffer | Uint8Array) => createHash('sha256').update(data).digest('hex')
const jpeg = (background: string, width = 1600) =>
  sharp({ create: { width, height: Math.round(width * 0.6), channels: 3, background } })
    .jpeg()
    .toBuffer()

async function rest(method: string, route: string, body?: unknown) {
  const response = await fetch(`${app.cmsUrl}/api${route}`, {
    method,
    headers: { authorization: `JWT ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, body: await response.json().catch(() => null), headers: response.headers }
}

async function upload(collection: 'media' | 'documents', name: string, type: string, data: Buffer, fields: object) {
  const form = new FormData()
  form.append('_payload', JSON.stringify(fields))
  form.append('file', new Blob([new Uint8Array(data)], { type }), name)
  const response = await fetch(`${app.cmsUrl}/api/${collection}`, {
    method: 'POST',
    headers: { authorization: `JWT ${token}`, accept: 'application/json' },
    body: form,
  })
  return { status: response.status, headers: response.headers, body: await response.json().catch(() => null) }
}

async function keys(bucket = BUCKET): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }))
  return (listed.Contents ?? []).map((o) => o.Key!).sort()
}

async function objectExists(key: string): Promise<boolean> {
  return client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })).then(
    () => true,
    () => false,
  )
}

function localFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort()
}

/** An npm script as an operator runs it; asynchronously, since the S3 server answers from this very process. */
function npmRun(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d) => {
      output += d
    })
    child.stderr.on('data', (d) => {
      output += d
    })
    child.on('close', (code) => resolve({ code, output }))
  })
}

/** Every image address in a page or feed, `src` and `srcset` alike. */
function imageUrls(html: string): string[] {
  const urls = [...html.matchAll(/(?:src|srcset)="([^"]+)"/gi)].flatMap((m) =>
    m[1]!.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]!.replaceAll('&amp;', '&')),
  )
  return urls.filter((u) => /\/media\//.test(u))
}

const mediaDir = () => path.join(work, 'data', 'uploads')

beforeAll(async () => {
  // The shared stack's build and database server are used; its own servers are not.
  const stack = requireStack()
  work = mkdtempSync(path.join(tmpdir(), 'newsroom-s3-'))
  s3 = await startS3Server({ dir: path.join(work, 's3'), buckets: [BUCKET, RESTORED_BUCKET] })
  const settings = s3.settings(BUCKET)
  bucketUrl = settings.S3_PUBLIC_URL!
  client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: settings.S3_ACCESS_KEY_ID, secretAccessKey: settings.S3_SECRET_ACCESS_KEY },
  })
  const database = await createScratchDatabase(stack.databaseUrl, 'newsroom_s3')
  databases.push(database)
  app = await startAppStack({
    databaseUrl: database.url,
    dataDir: path.join(work, 'data'),
    payloadSecret: 's3-test-secret-0123456789abcdef0123456789abcdef',
    admin: ADMIN,
    cmsEnv: settings,
    siteEnv: { S3_PUBLIC_URL: bucketUrl },
  })
  const login = await fetch(`${app.cmsUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  }).then((r) => r.json())
  token = login.token
}, 300_000)

afterAll(async () => {
  await app?.stop()
  await s3?.stop().catch(() => {})
  for (const database of databases) await database.drop().catch(() => {})
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('existing uploads move into the bucket', () => {
  it('copies every file of MEDIA_DIR with `media:migrate --to s3`, and a second run copies nothing', async () => {
    const before = localFiles(mediaDir())
    expect(before.length).toBeGreaterThan(SIZE_COUNT)
    expect(await keys()).toEqual([])

    const env = { ...s3.settings(BUCKET), MEDIA_DIR: mediaDir() }
    const first = await npmRun('media:migrate', ['--to', 's3'], env)
    expect(first.code, first.output).toBe(0)
    expect(first.output).toContain(`已复制 ${before.length} 个文件`)
    expect(await keys()).toEqual(before)

    const again = await npmRun('media:migrate', ['--to', 's3'], env)
    expect(again.code, again.output).toBe(0)
    expect(again.output).toContain(`已复制 0 个文件`)
    expect(again.output).toContain(`${before.length} 个已在目标处且内容相同`)
  }, 120_000)

  it('serves the migrated sample images to readers from the bucket, as the home page links them', async () => {
    const html = await (await fetch(`${app.siteUrl}/`)).text()
    const urls = imageUrls(html)
    expect(urls.length).toBeGreaterThan(0)
    for (const url of urls.slice(0, 4)) {
      expect(url.startsWith(`${bucketUrl}/media/`), url).toBe(true)
      const response = await fetch(url)
      expect(response.status, url).toBe(200)
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(response.headers.get('content-type')).toMatch(/^image\//)
    }
  })
})

describe('uploads go to the bucket, with every resized copy', () => {
  let media: {
    id: number
    filename: string
    url: string
    sizes: Record<string, { url: string | null; filename: string | null }>
  }
  let original: Buffer

  beforeAll(async () => {
    original = await jpeg('#0f766e')
    const created = await upload('media', 's3-upload.jpg', 'image/jpeg', original, { alt: '对象存储测试图片' })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    media = created.body.doc
  })

  it('stores the original and each size as objects, none on the local disk, and links them at the public origin', async () => {
    const sized = Object.values(media.sizes).filter((s) => s.filename)
    expect(sized).toHaveLength(SIZE_COUNT)
    for (const key of [media.filename, ...sized.map((s) => s.filename!)]) {
      expect(await objectExists(`media/${key}`), key).toBe(true)
      expect(existsSync(path.join(mediaDir(), 'media', key)), key).toBe(false)
    }
    expect(media.url).toMatch(new RegExp(`^${bucketUrl}/media/s3-upload[^?]*\\.jpg\\?v=[0-9a-z]+$`))
    for (const size of sized) expect(size.url).toMatch(new RegExp(`^${bucketUrl}/media/[^?]+\\?v=[0-9a-z]+$`))

    const direct = await fetch(media.url)
    expect(direct.status).toBe(200)
    expect(digest(Buffer.from(await direct.arrayBuffer()))).toBe(digest(original))
    expect(direct.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const avif = await fetch(media.sizes.w800avif!.url!)
    expect(avif.headers.get('content-type')).toBe('image/avif')
    expect((await sharp(Buffer.from(await avif.arrayBuffer())).metadata()).width).toBe(800)
  })

  it("still answers the CMS's own file URL from the bucket, with the caching rules of local files", async () => {
    const viaCms = `${app.cmsUrl}/api/media/file/${media.filename}?v=1`
    const first = await fetch(viaCms)
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(first.headers.get('x-content-type-options')).toBe('nosniff')
    expect(digest(Buffer.from(await first.arrayBuffer()))).toBe(digest(original))
    const etag = first.headers.get('etag')
    expect(etag).toBeTruthy()
    expect((await fetch(viaCms, { headers: { 'if-none-match': etag! } })).status).toBe(304)
    const plain = await fetch(viaCms.replace(/\?v=1$/, ''))
    expect(plain.headers.get('cache-control')).toMatch(/max-age=300/)
  })

  it('links the bucket from the article page (with the bucket in its CSP), the feed and the subscription mail', async () => {
    const subscriber = await rest('POST', '/subscribers', {
      email: 's3-reader@newsroom.test',
      allTopics: true,
      frequency: 'immediate',
      state: 'active',
      consentAt: new Date().toISOString(),
      source: '测试导入',
    })
    expect(subscriber.status, JSON.stringify(subscriber.body)).toBe(201)
    const article = await rest('POST', '/articles', {
      title: '对象存储图片发布测试',
      section: 'news',
      summary: '题图存放在对象存储中。',
      heroImage: media.id,
      content: lexical('正文。'),
      _status: 'published',
    })
    expect(article.status, JSON.stringify(article.body)).toBe(201)

    const page = await fetch(`${app.siteUrl}/articles/${article.body.doc.slug}`)
    const html = await page.text()
    const onPage = imageUrls(html).filter((u) => u.includes('s3-upload'))
    expect(onPage.length, html.slice(html.indexOf('<main'), html.indexOf('<main') + 3000)).toBeGreaterThanOrEqual(
      SIZE_COUNT,
    )
    for (const url of onPage) expect(url.startsWith(`${bucketUrl}/media/`), url).toBe(true)
    expect(page.headers.get('content-security-policy')).toContain(`img-src 'self' ${app.cmsUrl} ${s3.endpoint};`)

    const feed = await (await fetch(`${app.siteUrl}/feed.xml`)).text()
    expect(feed).toContain(`${bucketUrl}/media/${media.filename}?v=`)

    const outbox = path.join(work, 'data', 'outbox')
    const mail = await waitFor(
      async () => {
        for (const file of localFiles(outbox)) {
          const parsed = await simpleParser(readFileSync(path.join(outbox, file)))
          if (parsed.subject?.includes('对象存储图片发布测试')) return parsed
        }
        return null
      },
      { timeoutMs: 30_000 },
    )
    expect(mail, 'no mail for the article in the outbox').toBeTruthy()
    expect(String(mail!.html)).toContain(`src="${bucketUrl}/media/${media.filename}?v=`)
  }, 60_000)

  it('stores attachments to be downloaded, not opened', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 1\n0000000000 65535 f \ntrailer<<>>\n%%EOF\n')
    const created = await upload('documents', 'zhinan.pdf', 'application/pdf', pdf, { title: '申报指南' })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const doc = created.body.doc
    expect(doc.url).toMatch(new RegExp(`^${bucketUrl}/documents/zhinan[^?]*\\.pdf\\?v=`))
    const response = await fetch(doc.url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(response.headers.get('content-disposition')).toBe('attachment')
  })

  it('removes the original and every resized copy from the bucket when the medium is deleted', async () => {
    const created = await upload('media', 's3-delete.jpg', 'image/jpeg', await jpeg('#b91c1c'), { alt: '将被删除' })
    expect(created.status).toBe(201)
    const stored = (await keys()).filter((k) => k.startsWith('media/s3-delete'))
    expect(stored).toHaveLength(1 + SIZE_COUNT)
    const removed = await rest('DELETE', `/media/${created.body.doc.id}`)
    expect(removed.status).toBe(200)
    expect((await keys()).filter((k) => k.startsWith('media/s3-delete'))).toEqual([])
  })
})

describe('the S3 server down', () => {
  it('refuses an upload with a Chinese 503, saves nothing, and pages keep serving', async () => {
    const pagesBefore = await Promise.all(['/', '/sections/news'].map((p) => fetch(`${app.siteUrl}${p}`)))
    for (const r of pagesBefore) expect(r.status).toBe(200)
    await s3.stop()
    try {
      const refused = await upload('media', 's3-outage.jpg', 'image/jpeg', await jpeg('#7c3aed', 900), {
        alt: '存储中断时上传',
      })
      expect(refused.status, JSON.stringify(refused.body)).toBe(503)
      expect(refused.body.errors[0].message).toContain('文件存储服务暂时无法连接')
      expect(refused.headers.get('retry-after')).toBeTruthy()
      const found = await rest('GET', `/media?where[alt][equals]=${encodeURIComponent('存储中断时上传')}&depth=0`)
      expect(found.body.totalDocs).toBe(0)
      expect(localFiles(path.join(mediaDir(), 'media')).filter((f) => f.includes('s3-outage'))).toEqual([])

      // Readers: the home page (cached or not) and an article rendered for the first time.
      const list = await rest('GET', '/articles?where[_status][equals]=published&limit=1&sort=publishedAt&depth=0')
      for (const p of ['/', `/articles/${list.body.docs[0].slug}`]) {
        const response = await fetch(`${app.siteUrl}${p}`)
        expect(response.status, p).toBe(200)
      }
    } finally {
      await s3.restart()
    }
    expect((await keys()).filter((k) => k.includes('s3-outage'))).toEqual([])
    const retried = await upload('media', 's3-outage.jpg', 'image/jpeg', await jpeg('#7c3aed', 900), {
      alt: '存储恢复后上传',
    })
    expect(retried.status, JSON.stringify(retried.body)).toBe(201)
  }, 60_000)
})

describe('backup, restore and the way back to local disk', () => {
  it("backs up the bucket's objects and restores them into another bucket", async () => {
    const archive = path.join(work, 'backup.tar.gz')
    const saved = await npmRun('backup', [archive], { ...s3.settings(BUCKET), DATABASE_URL: databases[0]!.url })
    expect(saved.code, saved.output).toBe(0)
    const objects = await keys()
    expect(saved.output).toContain(`${objects.length} 个上传文件（s3://${BUCKET}）`)

    const target = await createScratchDatabase(requireStack().databaseUrl, 'newsroom_s3_restored')
    databases.push(target)
    const restored = await npmRun('restore', [archive], {
      ...s3.settings(RESTORED_BUCKET),
      DATABASE_URL: target.url,
      PAYLOAD_SECRET: 's3-test-secret-0123456789abcdef0123456789abcdef',
    })
    expect(restored.code, restored.output).toBe(0)
    expect(await keys(RESTORED_BUCKET)).toEqual(objects)
  }, 180_000)

  it('copies the bucket back into an empty MEDIA_DIR with `--to local`, idempotently', async () => {
    const objects = await keys()
    const localDir = path.join(work, 'back-to-local')
    const env = { ...s3.settings(BUCKET), MEDIA_DIR: localDir }
    const first = await npmRun('media:migrate', ['--to', 'local'], env)
    expect(first.code, first.output).toBe(0)
    expect(localFiles(localDir)).toEqual(objects)
    const key = objects.find((k) => k.includes('s3-upload') && k.endsWith('.jpg'))!
    const viaBucket = Buffer.from(await (await fetch(`${bucketUrl}/${key}`)).arrayBuffer())
    expect(digest(readFileSync(path.join(localDir, key)))).toBe(digest(viaBucket))

    const again = await npmRun('media:migrate', ['--to', 'local'], env)
    expect(again.output).toContain('已复制 0 个文件')
    // A file whose copy went missing is copied again, and only that one.
    rmSync(path.join(localDir, key))
    const repaired = await npmRun('media:migrate', ['--to', 'local'], env)
    expect(repaired.output).toContain('已复制 1 个文件')
    expect(existsSync(path.join(localDir, key))).toBe(true)
  }, 120_000)
})
