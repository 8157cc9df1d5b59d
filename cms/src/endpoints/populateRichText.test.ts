import { describe, expect, it } from 'vitest'
import { populateRichText, uploadDoc } from './populateRichText'

const row = {
  id: 10,
  alt: '会议现场',
  filename: '会议 现场.jpg',
  mime_type: 'image/jpeg',
  filesize: '58512',
  width: '1600',
  height: '900',
  focal_x: '50',
  updated_at: '2026-11-27 03:21:42.216+00',
  sizes_w480webp_filename: 'x-480.webp',
  sizes_w480webp_width: '480',
  sizes_w480webp_height: '270',
  sizes_w480webp_mime_type: 'image/webp',
  sizes_w480webp_filesize: '9000',
  sizes_w480webp_url: null,
  sizes_w1200avif_filename: null,
  sizes_w1200avif_width: null,
}

describe('uploadDoc', () => {
  it('shapes a media row like REST: camelCase, numbers, sizes, absolute file URLs', () => {
    const doc = uploadDoc('https://cms.example.cn', 'media', row)
    expect(doc).toMatchObject({
      id: 10,
      alt: '会议现场',
      mimeType: 'image/jpeg',
      filesize: 58512,
      width: 1600,
      height: 900,
      focalX: 50,
    })
    expect(doc.url).toMatch(
      /^https:\/\/cms\.example\.cn\/api\/media\/file\/%E4%BC%9A%E8%AE%AE%20%E7%8E%B0%E5%9C%BA\.jpg\?v=[0-9a-z]+$/,
    )
    // The version is the row's last change, so a replaced file gets a new URL (uploads/fileCaching.ts).
    expect(new URL(doc.url as string).searchParams.get('v')).toBe(Date.parse('2026-11-27T03:21:42.216Z').toString(36))
    expect(doc.updatedAt).toBe('2026-11-27T03:21:42.216Z')
    expect(doc.sizes).toMatchObject({
      w480webp: { width: 480, height: 270, mimeType: 'image/webp', filesize: 9000, filename: 'x-480.webp' },
      w1200avif: { filename: null, width: null, url: null },
    })
    expect((doc.sizes as Record<string, { url: string }>).w480webp.url).toMatch(
      /\/api\/media\/file\/x-480\.webp\?v=[0-9a-z]+$/,
    )
  })
})

describe('populateRichText', () => {
  const media = new Map([[10, { id: 10, url: 'u' }]])
  const documents = new Map([[3, { id: 3, url: 'd' }]])
  const articles = new Map([[7, { id: 7, slug: 'wenzhang' }]])
  const pages = new Map([[2, { id: 2, slug: 'about' }]])
  const content = {
    root: {
      type: 'root',
      children: [
        { type: 'upload', relationTo: 'media', value: 10 },
        { type: 'upload', relationTo: 'documents', value: 3 },
        { type: 'upload', relationTo: 'media', value: 99 },
        {
          type: 'paragraph',
          children: [
            { type: 'link', fields: { linkType: 'internal', doc: { relationTo: 'articles', value: 7 } }, children: [] },
            { type: 'link', fields: { linkType: 'internal', doc: { relationTo: 'pages', value: 2 } }, children: [] },
          ],
        },
      ],
    },
  }

  it('replaces ids with documents as REST does at depth 1, leaving unknown ones alone', () => {
    const populated = populateRichText(content, { media, documents, articles, pages }) as typeof content
    const [image, file, missing, paragraph] = populated.root.children as Record<string, any>[]
    expect(image.value).toEqual({ id: 10, url: 'u' })
    expect(file.value).toEqual({ id: 3, url: 'd' })
    expect(missing.value).toBe(99)
    expect(paragraph.children[0].fields.doc.value).toEqual({ id: 7, slug: 'wenzhang' })
    expect(paragraph.children[1].fields.doc.value).toEqual({ id: 2, slug: 'about' })
  })
  it('does not touch its input', () => {
    const before = JSON.stringify(content)
    populateRichText(content, { media, documents, articles, pages })
    expect(JSON.stringify(content)).toBe(before)
  })
  it('passes anything else through', () => {
    for (const value of [null, 'x', 1, []])
      expect(populateRichText(value, { media, documents, articles, pages })).toEqual(value)
  })
})
