/**
 * The reader-facing pages through the running site on the seeded content:
 * status codes, key content, SEO tags, 404s for every malformed parameter,
 * old-slug redirects, drafts absent, signed previews, view counts.
 */
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff, lexical, requireStack } from '../support/api'

type SeededArticle = {
  id: number
  title: string
  slug: string
  section: 'news' | 'policy' | 'park' | 'notice'
  summary: string | null
  publishedAt: string
  heroImage: number | null
  topics: number[]
  content: unknown
  policy?: { documentNumber?: string | null; issuer?: string | null }
  park?: { location?: string | null }
  bylines?: { source?: string | null; author?: string | null; editor?: string | null }
}

let siteUrl: string
let editor: string
let articles: SeededArticle[]
let topics: { id: number; name: string; slug: string }[]
const created: number[] = []

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(new URL(path, siteUrl), { redirect: 'manual', headers })

async function page(path: string, status = 200) {
  const response = await get(path)
  // React separates adjacent text with <!-- -->; readers never see it, assertions should not either.
  const html = (await response.text()).replace(/<!-- -->/g, '')
  expect(response.status, `${path} → ${response.status}`).toBe(status)
  return { response, html }
}

/** The text of a Lexical document, to find words from inside article bodies on the page. */
function plainText(content: unknown): string {
  const out: string[] = []
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return
    const n = node as { type?: string; text?: string; children?: unknown[] }
    if (n.type === 'text' && n.text) out.push(n.text)
    for (const child of n.children ?? []) walk(child)
  }
  walk((content as { root?: unknown })?.root)
  return out.join('')
}

const metaContent = (html: string, attr: 'name' | 'property', key: string) =>
  new RegExp(`<meta ${attr}="${key}" content="([^"]*)"`).exec(html)?.[1]

async function publish(body: Record<string, unknown>) {
  const { status, body: response } = await api('POST', '/articles', {
    token: editor,
    body: { section: 'notice', content: lexical('页面测试正文。'), _status: 'published', ...body },
  })
  expect(status, JSON.stringify(response)).toBe(201)
  created.push(response.doc.id)
  return response.doc as { id: number; slug: string; title: string }
}

beforeAll(async () => {
  siteUrl = requireStack().siteUrl
  editor = (await createStaff('editor')).token
  const { body } = await api('GET', '/articles', {
    query: { limit: 100, depth: 0, sort: '-publishedAt', 'where[_status][equals]': 'published' },
  })
  articles = body.docs
  topics = (await api('GET', '/topics', { query: { limit: 100, depth: 0 } })).body.docs
  expect(articles.length).toBeGreaterThan(4)
})

afterAll(async () => {
  for (const id of created) await api('DELETE', `/articles/${id}`, { token: editor })
})

describe('every page', () => {
  it.each(['/', '/sections/news', '/topics', '/archive', '/about'])(
    '%s has lang, title, description, canonical and Open Graph, no React',
    async (path) => {
      const { response, html } = await page(path)
      expect(response.headers.get('content-type')).toMatch(/^text\/html/)
      expect(html).toMatch(/^<!DOCTYPE html><html lang="zh-CN"/)
      expect(html).toMatch(/<title>[^<]+<\/title>/)
      expect(metaContent(html, 'name', 'description')?.length).toBeGreaterThan(5)
      expect(html).toContain(`<link rel="canonical" href="${siteUrl}${path}"`)
      expect(metaContent(html, 'property', 'og:title')).toBeTruthy()
      expect(metaContent(html, 'property', 'og:url')).toBe(`${siteUrl}${path}`)
      expect(html).toMatch(
        /<link rel="alternate" type="application\/rss\+xml" title="[^"]+" href="https?:\/\/[^"]+\/feed\.xml"/,
      )
      expect(html).toContain('<a class="skip-link" href="#main">')
      expect(html).toContain('<main id="main"')
      // Content pages ship no framework: one enhancement module, no inline script but JSON-LD.
      const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1])
      for (const attrs of scripts)
        expect(attrs).toMatch(/type="module" src="\/assets\/enhance-[\w-]+\.js"|type="application\/ld\+json"/)
      expect(html).not.toMatch(/\son[a-z]+=/i)
    },
  )

  it('titles are unique across pages', async () => {
    const paths = [
      '/',
      '/sections/news',
      '/sections/policy',
      '/topics',
      `/topics/${topics[0]!.slug}`,
      '/archive',
      '/about',
      '/contact',
      `/articles/${articles[0]!.slug}`,
    ]
    const titles = await Promise.all(paths.map(async (p) => /<title>([^<]+)<\/title>/.exec((await page(p)).html)?.[1]))
    expect(new Set(titles).size).toBe(paths.length)
  })

  it('the footer links the ICP number to the MIIT filing site', async () => {
    const { html } = await page('/')
    expect(html).toMatch(
      /<a href="https:\/\/beian\.miit\.gov\.cn\/" target="_blank" rel="noopener noreferrer">[^<]*ICP[^<]*<\/a>/,
    )
    expect(html).toContain('公网安备')
  })
})

describe('home', () => {
  it('shows every section with its latest articles, topics and the subscribe call', async () => {
    const { html } = await page('/')
    for (const label of ['新闻动态', '政策解读', '合作园区', '通知公告']) expect(html).toContain(label)
    for (const section of ['news', 'policy', 'park', 'notice']) expect(html).toContain(`href="/sections/${section}"`)
    const newest = articles.find((a) => a.section === 'news')!
    expect(html).toContain(`href="/articles/${newest.slug}"`)
    for (const topic of topics) expect(html).toContain(`href="/topics/${topic.slug}"`)
    expect(html).toContain('href="/subscribe"')
  })
})

describe('article page', () => {
  it('has title, section, topics, date, bylines, reading time, hero picture, body, share box and JSON-LD', async () => {
    const article = articles.find((a) => a.heroImage && a.topics.length && a.section === 'news')!
    const { html } = await page(`/articles/${article.slug}`)
    expect(html).toContain(`<h1>${article.title}</h1>`)
    expect(html).toContain('href="/sections/news"')
    expect(html).toMatch(/全文约 [\d,]+ 字，阅读约 \d+ 分钟/)
    if (article.bylines?.source) expect(html).toContain(`来源：${article.bylines.source}`)
    for (const id of article.topics) expect(html).toContain(`href="/topics/${topics.find((t) => t.id === id)!.slug}"`)
    // A sentence from inside the body.
    const sentence = plainText(article.content).slice(20, 40)
    expect(html).toContain(sentence)
    // Hero: AVIF and WebP candidates, explicit size, loaded first.
    expect(html).toMatch(/<source type="image\/avif" srcSet="https?:\/\/[^"]+ 480w/)
    expect(html).toMatch(/<source type="image\/webp" srcSet="https?:\/\/[^"]+ 480w/)
    expect(html).toMatch(/<img src="https?:\/\/[^"]+" alt="[^"]+" width="\d+" height="\d+" loading="eager"/)
    // …and preloaded from <head>, in the format the first <source> offers, before the body is parsed.
    const head = html.slice(0, html.indexOf('</head>'))
    const preload = /<link rel="preload"[^>]*as="image"[^>]*>/.exec(head)?.[0]
    expect(preload, 'hero preload in <head>').toBeTruthy()
    expect(preload).toMatch(/imageSrcSet="https?:\/\/[^"]+ 480w/i)
    expect(preload).toMatch(/type="image\/avif"/)
    expect(preload).toMatch(/fetchPriority="high"/i)
    expect(metaContent(html, 'property', 'og:image')).toMatch(/^https?:\/\//)
    expect(metaContent(html, 'property', 'og:type')).toBe('article')
    // Share box: a server-made QR code of the canonical URL and the URL itself.
    expect(html).toMatch(
      /<svg aria-hidden="true" focusable="false" xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/,
    )
    expect(html).toContain(`value="${siteUrl}/articles/${article.slug}"`)
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]+)<\/script>/.exec(html)![1]!)
    expect(ld).toMatchObject({
      '@type': 'NewsArticle',
      headline: article.title,
      url: `${siteUrl}/articles/${article.slug}`,
      inLanguage: 'zh-CN',
    })
    expect(new Date(ld.datePublished).getTime()).toBe(new Date(article.publishedAt).getTime())
    // Section feed advertised besides the site feed.
    expect(html).toContain(`href="${siteUrl}/sections/news/feed.xml"`)
  })

  it('links the previous and next articles by publication time, and related ones', async () => {
    const middle = articles[Math.floor(articles.length / 2)]!
    const index = articles.indexOf(middle)
    const { html } = await page(`/articles/${middle.slug}`)
    // Slugs are [a-z0-9-], safe inside a pattern; attribute order is React's business.
    const link = (label: string, rel: string, slug: string) =>
      new RegExp(`${label}：</span><a (?=[^>]*rel="${rel}")[^>]*href="/articles/${slug}"`)
    expect(html).toMatch(link('上一篇', 'prev', articles[index + 1]!.slug!))
    expect(html).toMatch(link('下一篇', 'next', articles[index - 1]!.slug!))
    expect(html).toContain('相关文章')
  })

  it('shows the policy card for a policy interpretation and the fact card for a park', async () => {
    const policy = articles.find((a) => a.section === 'policy' && a.policy?.documentNumber)!
    const policyPage = (await page(`/articles/${policy.slug}`)).html
    expect(policyPage).toContain('政策原文信息')
    expect(policyPage).toContain('<dt>发文字号</dt>')
    expect(policyPage).toContain(policy.policy!.documentNumber!)
    const park = articles.find((a) => a.section === 'park' && a.park?.location)!
    const parkPage = (await page(`/articles/${park.slug}`)).html
    expect(parkPage).toContain('园区概况')
    expect(parkPage).toContain(park.park!.location!)
  })

  it('lists attachments with their type and size, linking files that download', async () => {
    const { body } = await api('GET', '/articles', {
      query: { limit: 100, depth: 1, 'where[_status][equals]': 'published' },
    })
    type Doc = { url: string; filename: string; filesize: number; mimeType: string; title?: string }
    const article = (body.docs as { slug: string; attachments: Doc[] }[]).find((a) => a.attachments?.length)
    expect(article, 'the seed has an article with an attachment').toBeTruthy()
    const { html } = await page(`/articles/${article!.slug}`)
    const section = /<section class="attachments"[\s\S]*?<\/section>/.exec(html)?.[0] ?? ''
    expect(section).toContain('<h2 id="attachments-title">附件</h2>')
    const listed = [
      ...section.matchAll(/<a href="([^"]+)">([^<]+)<\/a><span class="file-meta">（([^）]+)）<\/span>/g),
    ].map(([, href, title, description]) => ({ href: href!.replace(/&amp;/g, '&'), title, description: description! }))
    expect(listed).toHaveLength(article!.attachments.length)
    for (const file of article!.attachments) {
      const item = listed.find((l) => l.title === (file.title || file.filename))
      expect(item, file.filename).toBeTruthy()
      // “PDF，1.2 MB”: the type a reader recognises and a size within rounding of the file's.
      const [, type, amount, unit] = /^(.+)，([\d.]+) (B|KB|MB)$/.exec(item!.description) ?? []
      if (file.mimeType === 'application/pdf') expect(type).toBe('PDF')
      const bytes = Number(amount) * { B: 1, KB: 1024, MB: 1024 * 1024 }[unit as 'B' | 'KB' | 'MB']
      expect(Math.abs(bytes - file.filesize) / file.filesize).toBeLessThan(0.06)
      const download = await fetch(item!.href)
      expect(download.status).toBe(200)
      expect(download.headers.get('content-type')).toContain(file.mimeType)
      expect((await download.arrayBuffer()).byteLength).toBe(file.filesize)
    }
  })

  it('answers 301 from an old slug to the new one', async () => {
    const article = await publish({ title: '旧链接跳转测试文章', slug: 'jiu-lianjie-ceshi' })
    const { status } = await api('PATCH', `/articles/${article.id}`, {
      token: editor,
      body: { slug: 'xin-lianjie-ceshi', _status: 'published' },
    })
    expect(status).toBe(200)
    const response = await get('/articles/jiu-lianjie-ceshi')
    expect(response.status).toBe(301)
    expect(new URL(response.headers.get('location')!, siteUrl).pathname).toBe('/articles/xin-lianjie-ceshi')
    await page('/articles/xin-lianjie-ceshi')
  })

  it('never shows a draft', async () => {
    const { body } = await api('POST', '/articles', {
      token: editor,
      body: {
        title: '草稿不应出现在网站',
        slug: 'caogao-bu-chuxian',
        section: 'news',
        content: lexical('草稿正文。'),
        _status: 'draft',
      },
    })
    created.push(body.doc.id)
    await page('/articles/caogao-bu-chuxian', 404)
    for (const path of ['/', '/sections/news', '/archive'])
      expect((await page(path)).html).not.toContain('草稿不应出现在网站')
  })
})

describe('lists and paging', () => {
  beforeAll(async () => {
    // 16 notices in March 2001: the notice section gets a second page, the archive an isolated month.
    for (let day = 1; day <= 16; day++)
      await publish({ title: `分页测试通知第${day}号`, publishedAt: new Date(Date.UTC(2001, 2, day, 2)).toISOString() })
  })

  it('pages a section with ?page=N and 404s past the end', async () => {
    const first = (await page('/sections/notice')).html
    expect(first).toContain('aria-label="分页"')
    expect(first).toContain('href="/sections/notice?page=2"')
    const second = (await page('/sections/notice?page=2')).html
    expect(second).toContain(`<link rel="canonical" href="${siteUrl}/sections/notice?page=2"`)
    expect(second).toContain('分页测试通知第1号')
    await page('/sections/notice?page=3', 404)
  })

  it('lists topics and a topic’s articles', async () => {
    const { html } = await page('/topics')
    for (const topic of topics) expect(html).toContain(topic.name)
    const topic = topics[0]!
    const topicPage = (await page(`/topics/${topic.slug}`)).html
    expect(topicPage).toContain(`<h1>${topic.name}</h1>`)
    expect(topicPage).toContain(`href="${siteUrl}/topics/${topic.slug}/feed.xml"`)
    const inTopic = articles.find((a) => a.topics.includes(topic.id))!
    expect(topicPage).toContain(inTopic.title)
  })

  it('archives by year and month, in Shanghai time', async () => {
    const year = (await page('/archive/2001')).html
    expect(year).toContain('2001 年文章归档')
    expect(year).toContain('href="/archive/2001/03"')
    const month = (await page('/archive/2001/03')).html
    expect(month).toContain('分页测试通知第16号')
    expect(month).toContain('共 16 篇')
    await page('/archive/2001/3')
    await page('/archive/2001/04', 404)
    expect((await page('/archive')).html).toContain('href="/archive/2001"')
  })
})

describe('standing pages and errors', () => {
  it('serves pages by slug', async () => {
    expect((await page('/about')).html).toContain('<h1>联合会简介</h1>')
    expect((await page('/contact')).html).toContain('<h1>联系我们</h1>')
  })

  const malformed = [
    '/sections/news?page=abc',
    '/sections/news?page=0',
    '/sections/news?page=-1',
    '/sections/news?page=1.5',
    '/sections/news?page=99999',
    `/sections/news?page=${'9'.repeat(5000)}`,
    '/sections/news?page=1&page=2',
    '/sections/unknown',
    '/topics/no-such-topic',
    '/topics/Bad_Slug',
    '/archive/2016/13',
    '/archive/2016/0',
    '/archive/1899',
    '/archive/16',
    '/archive/abcd/01',
    '/articles/no-such-article',
    '/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    `/articles/${'a'.repeat(5000)}`,
    '/articles/%E0%A4%A',
    '/articles/a%00b',
    '/no-such-page',
    '/about/extra',
    '/%ZZ',
  ]
  it.each(malformed.map((path) => [path.length > 60 ? `${path.slice(0, 40)}…(${path.length} chars)` : path, path]))(
    '%s is the Chinese 404 page, never a 500',
    async (_name, path) => {
      const { html } = await page(path, 404)
      expect(html).toContain('抱歉，您访问的页面不存在')
      expect(html).toContain('返回网站首页')
      expect(html).toMatch(/<meta name="robots" content="noindex"/)
    },
  )

  it('healthz answers JSON', async () => {
    const response = await get('/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ok' })
  })
})

describe('preview', () => {
  /** The CMS's default secret (cms/src/collections/Articles/endpoints/previewArticle.ts) when PREVIEW_SECRET is unset. */
  const previewSecret = () =>
    createHmac('sha256', requireStack().payloadSecret).update('newsroom preview links').digest('hex')
  const token = (id: number, expires: number, secret = previewSecret()) =>
    `${id}.${expires}.${createHmac('sha256', secret).update(`newsroom-preview:v1:articles:${id}:${expires}`).digest('base64url')}`

  it('shows a draft on the real layout for a signed, fresh token; never cached or indexed', async () => {
    const { body } = await api('POST', '/articles', {
      token: editor,
      body: { title: '预览测试草稿', section: 'policy', content: lexical('只在预览中可见的正文。'), _status: 'draft' },
    })
    created.push(body.doc.id)
    const expires = Math.floor(Date.now() / 1000) + 600
    const { response, html } = await page(`/preview?token=${token(body.doc.id, expires)}`)
    expect(html).toContain('<h1>预览测试草稿</h1>')
    expect(html).toContain('只在预览中可见的正文。')
    expect(html).toContain('预览模式')
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    expect(response.headers.get('x-robots-tag')).toMatch(/noindex/)
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"')

    for (const bad of [
      token(body.doc.id, Math.floor(Date.now() / 1000) - 1),
      token(body.doc.id, expires, 'forged-secret-forged-secret-forged-secret'),
      token(body.doc.id + 100000, expires),
      'not-a-token',
    ]) {
      const refused = await page(`/preview?token=${bad}`, 403)
      expect(refused.html).toContain('预览链接无效或已过期')
    }
    await page('/preview', 403)
  })
})

describe('view counts', () => {
  const browser = {
    'user-agent':
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0',
  }
  const beacon = (id: number, headers: Record<string, string>) =>
    fetch(new URL('/views', siteUrl), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: `id=${id}`,
    })
  const views = async (id: number) =>
    (await api('GET', '/articles/views', { query: { ids: String(id) } })).body[String(id)] as number

  it('counts beacons in batches, skips bots, and shows the count on the page', async () => {
    const article = await publish({ title: '点击量测试文章' })
    for (let i = 0; i < 3; i++) expect((await beacon(article.id, browser)).status).toBe(204)
    expect(
      (
        await beacon(article.id, {
          'user-agent': 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
        })
      ).status,
    ).toBe(204)
    expect((await beacon(article.id, {})).status).toBe(204)
    const deadline = Date.now() + 15_000
    while ((await views(article.id)) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500))
    expect(await views(article.id)).toBe(3)
    expect((await page(`/articles/${article.slug}`)).html).toContain('阅读 3 次')
  })

  it('the CMS takes counts only from the site', async () => {
    const { status } = await api('POST', '/articles/views', { body: { counts: { [articles[0]!.id]: 1000 } } })
    expect(status).toBe(403)
  })
})
