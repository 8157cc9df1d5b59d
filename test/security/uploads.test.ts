/**
 * Hostile uploads, the way an attacker with a staff account sends them: REST
 * multipart to /api/media and /api/documents. The type is decided from the
 * bytes, bombs and oversized files get a clear 4xx in Chinese, the CMS keeps
 * answering, and stored files are served so that browsers never run them.
 */
import { deflateSync } from 'node:zlib'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { samplePolicyPdf } from '../../content-seed/src/pdf'
import { api, createStaff, requireStack, type Upload, uploadFile } from '../support/api'

let author: string

beforeAll(async () => {
  // Authors may upload (README roles): the weakest account that can reach this door.
  author = (await createStaff('author')).token
})

const upload = (collection: 'media' | 'documents', file: Upload, token = author) => uploadFile(collection, file, token)

const jpeg = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#2d6cdf' } })
    .jpeg()
    .toBuffer()
const png = () =>
  sharp({ create: { width: 32, height: 32, channels: 4, background: '#10a050ff' } })
    .png()
    .toBuffer()

function crc32(data: Buffer): number {
  let crc = 0xffffffff
  for (const byte of data) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A valid PNG of `size`×`size` black pixels (1-bit grey): ~100 KB on the wire, gigabytes once decoded. */
function decompressionBomb(size: number): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 1 // bit depth
  header[9] = 0 // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(size / 8)) * size) // filter byte 0 + zero pixels per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

const HTML = Buffer.from(
  '<!DOCTYPE html><html><body><script>fetch("/api/users/me").then(r=>r.text()).then(alert)</script></body></html>',
)
const SVG = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>',
)

async function cmsIsUp() {
  const { status } = await api('GET', '/media', { query: { limit: 1 } })
  expect(status, 'the CMS answers after the hostile upload').toBe(200)
}

describe('what an upload is, is decided by its content', () => {
  it('stores a real JPEG and a real PDF', async () => {
    const image = await upload('media', { name: 'photo.jpg', type: 'image/jpeg', data: await jpeg() })
    expect(image.status, JSON.stringify(image.body)).toBe(201)
    expect(image.body.doc.mimeType).toBe('image/jpeg')
    const pdf = await upload('documents', {
      name: '政策原文.pdf',
      type: 'application/pdf',
      data: samplePolicyPdf({ title: '测试', lines: ['第一条'], latinNote: 'TEST' }),
    })
    expect(pdf.status, JSON.stringify(pdf.body)).toBe(201)
    expect(pdf.body.doc.mimeType).toBe('application/pdf')
  })

  it('refuses a PNG renamed .pdf as an attachment, and stores it as the PNG it is among images', async () => {
    const data = await png()
    const asDocument = await upload('documents', { name: 'notice.pdf', type: 'application/pdf', data })
    expect(asDocument.status).toBe(415)
    expect(asDocument.message).toContain('image/png')
    expect(asDocument.message).toMatch(/附件只接受/)

    const asImage = await upload('media', { name: 'notice.pdf', type: 'application/pdf', data })
    expect(asImage.status, JSON.stringify(asImage.body)).toBe(201)
    expect(asImage.body.doc.mimeType).toBe('image/png')
    expect(asImage.body.doc.filename).toMatch(/\.png$/)
  })

  it('refuses an HTML page renamed .jpg (and .pdf), whatever Content-Type the client claims', async () => {
    const asImage = await upload('media', { name: 'photo.jpg', type: 'image/jpeg', data: HTML })
    expect(asImage.status).toBe(415)
    expect(asImage.message).toContain('HTML 网页')
    const asDocument = await upload('documents', { name: 'policy.pdf', type: 'application/pdf', data: HTML })
    expect(asDocument.status).toBe(415)
    expect(asDocument.message).toContain('HTML 网页')
  })

  it('refuses an SVG with a script, as an image and as an attachment', async () => {
    for (const [collection, name, type] of [
      ['media', 'logo.svg', 'image/svg+xml'],
      ['media', 'logo.png', 'image/png'],
      ['documents', 'logo.svg', 'image/svg+xml'],
    ] as const) {
      const result = await upload(collection, { name, type, data: SVG })
      expect(result.status, `${collection} ${name}`).toBe(415)
      expect(result.message).toMatch(/SVG/)
    }
  })
})

describe('limits', () => {
  it('refuses a 30000×30000 PNG bomb of ~100 KB with a 413 in Chinese, and keeps serving', async () => {
    const bomb = decompressionBomb(30_000)
    expect(bomb.length).toBeLessThan(200_000)
    const started = Date.now()
    const result = await upload('media', { name: 'bomb.png', type: 'image/png', data: bomb })
    expect(result.status).toBe(413)
    expect(result.message).toContain('30000×30000')
    expect(result.message).toMatch(/图片尺寸过大/)
    // Refused from the header: no decoder ever ran.
    expect(Date.now() - started).toBeLessThan(5_000)
    await cmsIsUp()
    const after = await upload('media', { name: 'after-bomb.jpg', type: 'image/jpeg', data: await jpeg() })
    expect(after.status).toBe(201)
  })

  it('refuses a file over 20 MB with a 413 in Chinese, and keeps serving', async () => {
    const big = Buffer.concat([
      samplePolicyPdf({ title: '大', lines: ['大'], latinNote: 'BIG' }),
      Buffer.alloc(20 * 1024 * 1024),
    ])
    const result = await upload('documents', { name: 'big.pdf', type: 'application/pdf', data: big })
    expect(result.status).toBe(413)
    expect(result.message).toMatch(/文件过大.*20 MB/)
    await cmsIsUp()
  })
})

describe('serving stored files', () => {
  async function fetchFile(url: string) {
    return fetch(new URL(url, requireStack().cmsUrl))
  }

  it('serves images with their real type, nosniff and a sandboxing CSP', async () => {
    const image = await upload('media', { name: 'served.jpg', type: 'image/jpeg', data: await jpeg() })
    expect(image.status).toBe(201)
    const response = await fetchFile(image.body.doc.url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/jpeg')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('content-security-policy')).toMatch(/sandbox/)
    expect(response.headers.get('content-disposition')).toBeNull()
  })

  it('serves attachments as downloads, with nosniff', async () => {
    const pdf = await upload('documents', {
      name: 'served.pdf',
      type: 'application/pdf',
      data: samplePolicyPdf({ title: '下载', lines: ['下载'], latinNote: 'DL' }),
    })
    expect(pdf.status).toBe(201)
    const response = await fetchFile(pdf.body.doc.url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(response.headers.get('content-disposition')).toMatch(/^attachment/)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })
})

describe('what a photo says about its author', () => {
  /** A phone photo: camera make and model, where it was taken (GPS), and turned by an EXIF orientation. */
  async function phonePhoto() {
    const plain = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#c04020' } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'PhoneCo', Model: 'X1' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '31/1 14/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '121/1 24/1 0/1',
        },
      })
      .toBuffer()
    return sharp(plain).withMetadata({ orientation: 6 }).toBuffer()
  }

  async function stored(url: string) {
    const response = await fetch(new URL(url, requireStack().cmsUrl))
    expect(response.status).toBe(200)
    return Buffer.from(await response.arrayBuffer())
  }

  it('publishes no EXIF (no GPS position, no camera) and keeps the photo upright', async () => {
    const photo = await phonePhoto()
    const image = await upload('media', { name: 'phone.jpg', type: 'image/jpeg', data: photo })
    expect(image.status).toBe(201)
    // Orientation 6 is a quarter turn: the 60×40 pixels show upright as 40×60.
    expect([image.body.doc.width, image.body.doc.height]).toEqual([40, 60])
    const original = await stored(image.body.doc.url)
    expect(original.includes('PhoneCo')).toBe(false)
    const meta = await sharp(original).metadata()
    expect(meta.exif).toBeUndefined()
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([40, 60, 1])
    for (const size of Object.values(image.body.doc.sizes as Record<string, { url: string | null }>)) {
      if (size.url) expect((await sharp(await stored(size.url)).metadata()).exif).toBeUndefined()
    }
  })

  it('stores an image without metadata byte for byte as uploaded', async () => {
    const data = await png()
    const image = await upload('media', { name: 'clean.png', type: 'image/png', data })
    expect(image.status).toBe(201)
    expect((await stored(image.body.doc.url)).equals(data)).toBe(true)
  })
})
