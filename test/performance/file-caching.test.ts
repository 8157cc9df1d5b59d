/**
 * Images and attachments are cached by browsers and CDNs: the URLs the CMS
 * hands out name one version of a file (`?v=`), are served `immutable` with a
 * validator, and change when the medium changes; old unversioned URLs are
 * revalidated and answered 304. Through REST (staff) and HTTP (readers).
 */
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff, lexical, requireStack, uploadFile } from '../support/api'

let editor: string
let media: { id: number; url: string; sizes: Record<string, { url: string | null }> }

const jpeg = (background: string) =>
  sharp({ create: { width: 900, height: 600, channels: 3, background } })
    .jpeg()
    .toBuffer()

const absolute = (url: string) => new URL(url, requireStack().cmsUrl).toString()

beforeAll(async () => {
  editor = (await createStaff('editor')).token
  const uploaded = await uploadFile(
    'media',
    { name: 'cache-test.jpg', type: 'image/jpeg', data: await jpeg('#1d4ed8'), fields: { alt: '缓存测试图片' } },
    editor,
  )
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201)
  media = uploaded.body.doc
})

describe('stored files carry versioned URLs and HTTP validators', () => {
  it('hands out URLs with a version for the original and every resized copy', () => {
    expect(media.url).toMatch(/\/api\/media\/file\/[^?]+\?v=[0-9a-z]+$/)
    const sized = Object.values(media.sizes)
      .map((s) => s.url)
      .filter(Boolean)
    expect(sized.length).toBeGreaterThan(0)
    for (const url of sized) expect(url).toMatch(/\?v=[0-9a-z]+$/)
  })

  it('serves a versioned URL as immutable for a year, with an ETag and 304 on revalidation', async () => {
    const first = await fetch(absolute(media.url))
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('image/jpeg')
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/)
    const bytes = Buffer.from(await first.arrayBuffer())
    expect((await sharp(bytes).metadata()).width).toBe(900)
    // The serving headers of the hardening work still apply on this path.
    expect(first.headers.get('x-content-type-options')).toBe('nosniff')

    const again = await fetch(absolute(media.url), { headers: { 'if-none-match': etag! } })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    const other = await fetch(absolute(media.url), { headers: { 'if-none-match': '"something-else"' } })
    expect(other.status).toBe(200)
  })

  it('revalidates an unversioned URL instead of caching it for good', async () => {
    const plain = absolute(media.url).replace(/\?v=.*$/, '')
    const response = await fetch(plain)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toMatch(/max-age=300/)
    expect(response.headers.get('cache-control')).not.toMatch(/immutable/)
    expect(response.headers.get('etag')).toBeTruthy()
  })

  it('still answers byte ranges and unknown files the way Payload does', async () => {
    const range = await fetch(absolute(media.url), { headers: { range: 'bytes=0-9' } })
    expect(range.status).toBe(206)
    expect(Buffer.from(await range.arrayBuffer()).length).toBe(10)
    const missing = await fetch(absolute('/api/media/file/no-such-file.jpg?v=1'))
    expect(missing.status).toBeGreaterThanOrEqual(400)
    expect(missing.headers.get('cache-control') ?? '').not.toMatch(/immutable/)
  })

  it('gives the medium a new version when it changes, and the site links that version', async () => {
    const { siteUrl } = requireStack()
    const article = await api('POST', '/articles', {
      token: editor,
      body: {
        title: '图片缓存版本测试',
        section: 'news',
        summary: '检查题图地址随图片修改而变化。',
        heroImage: media.id,
        content: lexical('正文。'),
        _status: 'published',
      },
    })
    expect(article.status, JSON.stringify(article.body)).toBe(201)
    const page = async () => {
      const html = await (await fetch(`${siteUrl}/articles/${article.body.doc.slug}`)).text()
      return [...html.matchAll(/\/api\/media\/file\/cache-test[^"\s,]*\?v=([0-9a-z]+)/g)].map((m) => m[1])
    }
    const before = await page()
    expect(before.length).toBeGreaterThan(0)
    expect(new Set(before).size).toBe(1)

    // Let the clock move so updatedAt (and with it the version) must differ.
    await new Promise((r) => setTimeout(r, 20))
    const changed = await api('PATCH', `/media/${media.id}`, { token: editor, body: { alt: '缓存测试图片（已修改）' } })
    expect(changed.status).toBe(200)
    const newVersion = /\?v=([0-9a-z]+)$/.exec(changed.body.doc.url)?.[1]
    expect(newVersion).toBeTruthy()
    expect(newVersion).not.toBe(before[0])

    // The site learns of the change through its content events; poll briefly rather than assume timing.
    let after: string[] = []
    for (let i = 0; i < 50; i++) {
      after = await page()
      if (after[0] === newVersion) break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(new Set(after)).toEqual(new Set([newVersion]))
  })
})
