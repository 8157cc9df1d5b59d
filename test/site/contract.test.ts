/**
 * One article, two roads to the page: the live page reads it through the
 * CMS's one-statement SQL endpoint (`GET /api/article-page`), the editor's
 * preview through Payload's findByID (`GET /api/articles/preview`). Both answer
 * the contract's ArticleDetail (cms/src/contract); here they must answer the
 * same fields with the same values, and the site must render the same article
 * from either. A field added to one road and not the other fails here.
 */
import { createHmac } from 'node:crypto'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ArticleDetail, ArticlePageData } from '../../cms/src/contract'
import { samplePolicyPdf } from '../../content-seed/src/pdf'
import { documentOf, paragraphNode, textNode } from '../../scripts/lib/cms-rest.mjs'
import { adminToken, api, requireStack, uploadFile } from '../support/api'

let admin: string

/** The CMS's default preview secret when PREVIEW_SECRET is unset (collections/Articles/endpoints/previewArticle.ts). */
function previewToken(id: number): string {
  const secret = createHmac('sha256', requireStack().payloadSecret).update('newsroom preview links').digest('hex')
  const expires = Math.floor(Date.now() / 1000) + 600
  const signature = createHmac('sha256', secret)
    .update(`newsroom-preview:v1:articles:${id}:${expires}`)
    .digest('base64url')
  return `${id}.${expires}.${signature}`
}

async function create(collection: string, body: Record<string, unknown>) {
  const { status, body: answer } = await api('POST', `/${collection}`, { token: admin, body })
  expect(status, JSON.stringify(answer)).toBe(201)
  return answer.doc as { id: number; slug: string }
}

async function throughSql(slug: string): Promise<ArticleDetail> {
  const { status, body } = await api<ArticlePageData>('GET', '/article-page', { query: { slug } })
  expect(status).toBe(200)
  expect(body.article, `no published article ${slug}`).not.toBeNull()
  return body.article!
}

async function throughPreview(id: number): Promise<ArticleDetail> {
  const { status, body } = await api<{ doc: ArticleDetail }>('GET', '/articles/preview', {
    query: { token: previewToken(id) },
  })
  expect(status, JSON.stringify(body)).toBe(200)
  return body.doc
}

/** The article as the reader sees it: the page's <article>, without what only the live page has (the view count, the share URL). */
async function renderedArticle(path: string): Promise<string> {
  const response = await fetch(new URL(path, requireStack().siteUrl))
  expect(response.status, path).toBe(200)
  const html = await response.text()
  const article = /<article class="article"[^>]*>([\s\S]*?)<\/article>/.exec(html)?.[1]
  expect(article, `no <article> on ${path}`).toBeTruthy()
  return article!.replace(/<span>阅读 (?:<!-- -->)?[\d,]+(?:<!-- -->)? 次<\/span>/, '').replace(/ data-url="[^"]*"/, '')
}

const uploadNode = (relationTo: 'media' | 'documents', value: number) => ({
  type: 'upload',
  relationTo,
  value,
  fields: null,
  format: '',
  version: 3,
})
const internalLink = (relationTo: 'articles' | 'pages', value: number, text: string) => ({
  type: 'link',
  fields: { linkType: 'internal', doc: { relationTo, value }, newTab: false },
  children: [textNode(text)],
  direction: 'ltr',
  format: '',
  indent: 0,
  version: 3,
})

const articles: Record<'replacement' | 'repealed' | 'park', { id: number; slug: string }> = {} as never

beforeAll(async () => {
  admin = await adminToken()
  const image = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#2d6cdf' } })
    .jpeg()
    .toBuffer()
  const hero = await uploadFile(
    'media',
    {
      name: 'contract-hero.jpg',
      type: 'image/jpeg',
      data: image,
      fields: { alt: '契约测试题图', caption: '题图说明' },
    },
    admin,
  )
  expect(hero.status, JSON.stringify(hero.body)).toBe(201)
  const pdf = samplePolicyPdf({ title: '契约测试办法', lines: ['契约测试办法（原文）'], latinNote: 'Contract test' })
  const file = await uploadFile(
    'documents',
    { name: 'contract-original.pdf', type: 'application/pdf', data: pdf, fields: { title: '政策原文（契约测试）' } },
    admin,
  )
  expect(file.status, JSON.stringify(file.body)).toBe(201)
  const topics = (await api('GET', '/topics', { query: { limit: 2, sort: 'order', depth: 0 } })).body.docs as {
    id: number
  }[]
  const page = (await api('GET', '/pages', { query: { limit: 1, depth: 0 } })).body.docs[0] as { id: number }
  const mediaId = hero.body.doc.id as number
  const documentId = file.body.doc.id as number

  articles.repealed = await create('articles', {
    title: '契约测试：被取代的旧解读',
    section: 'policy',
    summary: '旧的解读。',
    content: documentOf(paragraphNode(textNode('旧解读的正文。'))),
    policy: { originalTitle: '旧办法', status: 'valid' },
    _status: 'published',
  })
  articles.replacement = await create('articles', {
    title: '契约测试：新的政策解读',
    section: 'policy',
    summary: '同一篇文章，两条路径。',
    content: documentOf(
      paragraphNode(
        textNode('正文第一段，'),
        textNode('加粗', 1),
        internalLink('articles', articles.repealed.id, '旧解读'),
      ),
      uploadNode('media', mediaId),
      paragraphNode(internalLink('pages', page.id, '关于我们')),
      uploadNode('documents', documentId),
    ),
    heroImage: mediaId,
    attachments: [documentId],
    topics: topics.map((t) => t.id),
    bylines: { source: '契约测试来源', author: '测试作者', editor: '测试编辑' },
    policy: {
      originalTitle: '普陀区契约测试办法',
      issuer: '普陀区科学技术委员会（测试）',
      documentNumber: '普科〔2016〕1号',
      issuedDate: '2016-03-01T00:00:00.000Z',
      originalUrl: 'https://example.org/original',
      originalFile: documentId,
      status: 'valid',
    },
    meta: { title: '契约测试 SEO 标题', description: '契约测试 SEO 描述', image: mediaId },
    _status: 'published',
  })
  const repealed = await api('PATCH', `/articles/${articles.repealed.id}`, {
    token: admin,
    body: { policy: { originalTitle: '旧办法', status: 'repealed', replacedBy: articles.replacement.id } },
  })
  expect(repealed.status, JSON.stringify(repealed.body)).toBe(200)
  articles.park = await create('articles', {
    title: '契约测试：合作园区',
    section: 'park',
    content: documentOf(paragraphNode(textNode('园区介绍。'))),
    park: {
      location: '上海市普陀区（测试地址）',
      foundedDate: '2012',
      focusIndustries: ['人工智能', '生物医药'],
      contact: '021-00000000',
      website: 'https://example.org/park',
    },
    _status: 'published',
  })
})

describe('the article contract', () => {
  for (const name of ['replacement', 'repealed', 'park'] as const) {
    it(`answers the same ${name} article through SQL and through preview`, async () => {
      const { id, slug } = articles[name]
      const [sql, preview] = await Promise.all([throughSql(slug), throughPreview(id)])
      expect(Object.keys(preview).sort()).toEqual(Object.keys(sql).sort())
      expect(preview).toEqual(sql)
    })

    it(`renders the same ${name} article on the live page and in preview`, async () => {
      const { id, slug } = articles[name]
      const live = await renderedArticle(`/articles/${slug}`)
      const preview = await renderedArticle(`/preview?token=${previewToken(id)}`)
      expect(preview).toEqual(live)
    })
  }

  it('carries what the page shows: uploads and links populated, the policy chain both ways', async () => {
    const article = await throughSql(articles.replacement.slug)
    expect(article.replaces).toEqual([{ title: '契约测试：被取代的旧解读', slug: articles.repealed.slug }])
    expect(article.attachments).toHaveLength(1)
    expect(typeof article.heroImage).toBe('object')
    expect(JSON.stringify(article.content)).toContain('"filename":"contract-hero')
    const repealed = await throughSql(articles.repealed.slug)
    expect(repealed.policy?.replacedBy).toMatchObject({
      title: '契约测试：新的政策解读',
      slug: articles.replacement.slug,
    })
  })
})
