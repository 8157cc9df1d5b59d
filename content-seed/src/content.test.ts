/**
 * The sample content keeps the promises the spec and the site rely on:
 * every section and topic in use, sample facts marked 示例, valid builders.
 * No database needed.
 */
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { articles, pages, samplePolicyDocument, siteSettings, topics } from './content'
import { describeImage, renderImage } from './images'
import { paragraphs, upload } from './lexical'
import { samplePolicyPdf } from './pdf'
import { shanghaiToIso } from './seed'

const published = articles.filter((a) => a.status === 'published')
const paragraphCount = (a: (typeof articles)[number]) => a.body.filter((b) => typeof b === 'string').length

describe('sample content', () => {
  it('has exactly the eight topics, each used by at least two published articles', () => {
    expect(topics.map((t) => `${t.name}:${t.slug}`)).toEqual([
      '科技政策:keji-zhengce',
      '项目申报:xiangmu-shenbao',
      '知识产权:zhishi-chanquan',
      '金融服务:jinrong-fuwu',
      '法律服务:falv-fuwu',
      '人力资源:renli-ziyuan',
      '园区合作:yuanqu-hezuo',
      '会员活动:huiyuan-huodong',
    ])
    for (const t of topics) {
      expect(published.filter((a) => a.topics.includes(t.slug)).length, t.name).toBeGreaterThanOrEqual(2)
    }
  })

  it('covers every section with enough published articles, one draft and 2–3 featured', () => {
    expect(published.length).toBeGreaterThanOrEqual(14)
    const bySection = (s: string) => published.filter((a) => a.section === s).length
    expect(bySection('news')).toBeGreaterThanOrEqual(4)
    expect(bySection('policy')).toBeGreaterThanOrEqual(4)
    expect(bySection('park')).toBeGreaterThanOrEqual(2)
    expect(bySection('notice')).toBeGreaterThanOrEqual(3)
    expect(articles.filter((a) => a.status === 'draft').length).toBeGreaterThanOrEqual(1)
    const featured = published.filter((a) => a.featured).length
    expect(featured).toBeGreaterThanOrEqual(2)
    expect(featured).toBeLessThanOrEqual(3)
  })

  it('keeps fields within the CMS limits and dates within 2016', () => {
    for (const a of articles) {
      expect(a.title.length, a.title).toBeLessThanOrEqual(200)
      expect(a.summary.length, a.title).toBeLessThanOrEqual(500)
      expect(paragraphCount(a), a.title).toBeGreaterThanOrEqual(3)
      expect(paragraphCount(a), a.title).toBeLessThanOrEqual(8)
      expect(a.topics.length, a.title).toBeGreaterThanOrEqual(1)
      expect(a.topics.length, a.title).toBeLessThanOrEqual(3)
      if (a.status === 'published') expect(shanghaiToIso(a.publishedAt ?? '')).toMatch(/^2016-/)
    }
    expect(new Set(articles.map((a) => a.title)).size).toBe(articles.length)
    const meeting = articles.find((a) => a.title.includes('2016年年会') && a.section === 'news')
    expect(meeting?.publishedAt?.slice(0, 10)).toBe('2016-04-18')
  })

  it('marks invented policy facts as samples and describes the real park', () => {
    for (const a of published.filter((x) => x.section === 'policy')) {
      expect(a.policy?.documentNumber).toMatch(/示例/)
      expect(a.policy?.originalTitle).toMatch(/示例/)
      expect(a.summary).toMatch(/示例/)
      expect(a.body[0]).toMatch(/^说明：本文为网站示例内容/)
    }
    expect(published.some((a) => a.policy?.originalFile === samplePolicyDocument.key)).toBe(true)
    const zgc = published.find((a) => a.section === 'park' && a.title.includes('江苏中关村科技产业园'))
    expect(zgc?.park?.foundedDate).toBe('2012年3月')
  })

  it('puts inline images in at least two article bodies, with alt text within limits', () => {
    const withImages = articles.filter((a) => a.body.some((b) => typeof b === 'object' && 'image' in b))
    expect(withImages.length).toBeGreaterThanOrEqual(2)
    for (const a of articles) {
      const alt = describeImage(
        { section: a.section, motif: a.hero.motif, seed: a.hero.seed, caption: '2016.04.18' },
        a.hero.subject,
      )
      expect(alt.length).toBeLessThanOrEqual(200)
    }
  })

  it('has the about and contact pages and the site settings navigation', () => {
    expect(pages.map((p) => p.slug)).toEqual(['about', 'contact'])
    expect(siteSettings.siteName).toBe('普陀区科技企业联合会')
    expect(siteSettings.footer?.icp).toBe('沪ICP备00000000号（示例）')
    expect(siteSettings.navigation?.map((n) => n.url)).toEqual([
      '/',
      '/sections/news',
      '/sections/policy',
      '/sections/park',
      '/sections/notice',
      '/topics',
      '/about',
    ])
  })
})

describe('builders', () => {
  it('builds the editor state Payload stores', () => {
    const state = paragraphs(['第一段'])
    expect(state.root).toMatchObject({ type: 'root', direction: 'ltr', format: '', indent: 0, version: 1 })
    expect(state.root.children[0]).toMatchObject({
      type: 'paragraph',
      children: [{ type: 'text', text: '第一段', format: 0, mode: 'normal', detail: 0, style: '', version: 1 }],
    })
    const node = upload(7)
    expect(node).toMatchObject({ type: 'upload', version: 3, relationTo: 'media', value: 7, fields: null, format: '' })
    expect(node.id).toMatch(/^[0-9a-f]{24}$/)
  })

  it('writes a structurally valid PDF (xref offsets point at their objects)', () => {
    const pdf = samplePolicyPdf({ title: '示例', lines: ['标题', '正文'], latinNote: 'SAMPLE (demo)' })
    const text = pdf.toString('latin1')
    expect(text.startsWith('%PDF-1.4\n')).toBe(true)
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true)
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)?.[1])
    expect(text.slice(startxref, startxref + 4)).toBe('xref')
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]))
    expect(offsets).toHaveLength(9)
    for (const [i, off] of offsets.entries()) {
      expect(text.slice(off, off + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`)
    }
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(text)?.[1])
    const streamStart = text.indexOf('stream\n') + 'stream\n'.length
    expect(text.slice(streamStart + length, streamStart + length + '\nendstream'.length)).toBe('\nendstream')
  })

  it('draws a 1600×900 JPEG illustration', async () => {
    const image = await renderImage({ section: 'notice', motif: 'waves', seed: 1, caption: '2016.04.18' })
    const meta = await sharp(image.data).metadata()
    expect(meta).toMatchObject({ format: 'jpeg', width: 1600, height: 900 })
  })
})
