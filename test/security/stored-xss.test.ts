/**
 * Stored XSS: markup an editor (or a stolen editor account) saves through the
 * REST API, in every field the public sees — title, summary, rich text and
 * its links, hero image alt text, topic names, site settings — never runs in
 * a reader's browser and never reaches feed readers as executable markup.
 *
 * The browser runs with the CSP bypassed: these tests check escaping and the
 * link allowlist themselves, not the policy that would otherwise hide a
 * mistake (test/security/headers.test.ts checks the policy). A second pass
 * with the policy on must report no violation, i.e. nothing injected even tried.
 */
import { XMLParser } from 'fast-xml-parser'
import pg from 'pg'
import type { Browser } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { documentOf, paragraphNode as paragraph, textNode as text } from '../../scripts/lib/cms-rest.mjs'
import { internalApiSecret } from '../../scripts/lib/local-settings.mjs'
import { adminToken, api, createStaff, requireStack } from '../support/api'
import { launchChromium, openWatched } from './browser'

/** Every payload sets `window.__xss` (or opens a dialog) if it ever runs. */
const X = {
  title: `<script>window.__xss='title'</script>防注入测试<img src=x onerror="window.__xss='title-img'">`,
  summary: `"><svg onload="window.__xss='summary'"></svg><script>alert('summary')</script>防注入测试摘要`,
  body: `<script>window.__xss='body'</script><img src=x onerror="window.__xss='body-img'">`,
  svg: `<svg><script>window.__xss='svg'</script><a xlink:href="javascript:window.__xss='svg-link'">x</a></svg>`,
  alt: `"><img src=x onerror="window.__xss='alt'">`,
  topic: `<img src=x onerror=alert('topic')>`,
  topicDescription: `</title><script>window.__xss='topic-desc'</script>`,
  siteName: `<script>window.__xss='site'</script>普陀区科技企业联合会`,
  copyright: `<img src=x onerror="window.__xss='footer'">© 联合会`,
  navLabel: `<b onclick=x>导航</b>`,
}
const SEARCH_WORD = '防注入测试'

const link = (url: string, label: string, type: 'link' | 'autolink' = 'link') => ({
  type,
  version: 3,
  format: '',
  indent: 0,
  direction: 'ltr',
  fields: { url, newTab: false, linkType: 'custom' },
  children: [text(label)],
})

const UNSAFE_URLS = [
  'javascript:window.__xss="link"',
  ' JavaScript:window.__xss="link-case"',
  'java\tscript:window.__xss="link-tab"',
  'data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
]

let siteUrl: string
let editor: string
let admin: string
let articleSlug: string
let articleId: number
let topicSlug: string
let topicId: number
let mediaId: number
let originalSettings: Record<string, unknown>

const safeContent = () =>
  documentOf(
    paragraph(text(`${SEARCH_WORD}正文 ${X.body}`)),
    paragraph(text(X.svg, 16)),
    paragraph(link('https://www.shpt.gov.cn/', '普陀区政府网站'), text(' 与 '), link('/about', '联合会简介')),
    paragraph(link('mailto:office@example.org', '写信给我们'), link('tel:021-12345678', '致电')),
  )

async function purgeSiteCache() {
  const { siteUrl, payloadSecret } = requireStack()
  const response = await fetch(`${siteUrl}/_internal/cache/purge`, {
    method: 'POST',
    headers: { 'x-newsroom-internal': internalApiSecret(payloadSecret) },
  })
  expect(response.status).toBe(200)
}

beforeAll(async () => {
  siteUrl = requireStack().siteUrl
  editor = (await createStaff('editor')).token
  admin = await adminToken()

  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0b4f9c' } })
    .png()
    .toBuffer()
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'xss.png')
  form.append('_payload', JSON.stringify({ alt: X.alt, caption: X.alt }))
  const media = await fetch(`${requireStack().cmsUrl}/api/media`, {
    method: 'POST',
    headers: { authorization: `JWT ${editor}` },
    body: form,
  })
  const mediaBody = await media.json()
  expect(media.status, JSON.stringify(mediaBody)).toBe(201)
  mediaId = mediaBody.doc.id

  const topic = await api('POST', '/topics', {
    token: editor,
    body: { name: X.topic, description: X.topicDescription },
  })
  expect(topic.status, JSON.stringify(topic.body)).toBe(201)
  topicId = topic.body.doc.id
  topicSlug = topic.body.doc.slug

  const article = await api('POST', '/articles', {
    token: editor,
    body: {
      title: X.title,
      section: 'news',
      summary: X.summary,
      topics: [topicId],
      heroImage: mediaId,
      content: safeContent(),
      _status: 'published',
      publishedAt: new Date().toISOString(),
    },
  })
  expect(article.status, JSON.stringify(article.body)).toBe(201)
  articleId = article.body.doc.id
  articleSlug = article.body.doc.slug

  originalSettings = (await api('GET', '/globals/site-settings', { token: admin, query: { depth: 0 } })).body
  const settings = await api('POST', '/globals/site-settings', {
    token: admin,
    body: {
      siteName: X.siteName,
      description: X.summary,
      footer: { ...(originalSettings.footer as object), copyright: X.copyright },
      navigation: [...((originalSettings.navigation as unknown[]) ?? []), { label: X.navLabel, url: '/topics' }],
    },
  })
  expect(settings.status, JSON.stringify(settings.body)).toBe(200)
})

afterAll(async () => {
  if (originalSettings) {
    const { id: _id, createdAt: _c, updatedAt: _u, globalType: _g, ...restore } = originalSettings
    await api('POST', '/globals/site-settings', { token: admin, body: restore })
  }
  if (articleId) await api('DELETE', `/articles/${articleId}`, { token: editor })
  if (topicId) await api('DELETE', `/topics/${topicId}`, { token: editor })
})

describe('the CMS refuses unsafe link URLs on save', () => {
  for (const url of UNSAFE_URLS) {
    it(`refuses ${JSON.stringify(url)} in a rich-text link, drafts included, with a Chinese message`, async () => {
      for (const type of ['link', 'autolink'] as const) {
        const response = await api('POST', '/articles', {
          token: editor,
          body: {
            title: '链接校验测试',
            section: 'news',
            content: documentOf(paragraph(text('见'), link(url, '这里', type))),
            _status: 'draft',
          },
        })
        expect(response.status, `${type}: ${JSON.stringify(response.body)}`).toBe(400)
        expect(JSON.stringify(response.body)).toMatch(/链接只能以 http/)
      }
    })
  }

  it('refuses them when an existing article or page is edited, and on standing pages', async () => {
    const patch = await api('PATCH', `/articles/${articleId}`, {
      token: editor,
      body: { content: documentOf(paragraph(link(UNSAFE_URLS[0]!, '坏链接'))) },
    })
    expect(patch.status).toBe(400)
    const page = await api('POST', '/pages', {
      token: editor,
      body: { title: '链接校验页面', content: documentOf(paragraph(link(UNSAFE_URLS[3]!, '坏链接'))) },
    })
    expect(page.status).toBe(400)
  })

  it('refuses a script URL in the navigation and the Weibo address of the site settings', async () => {
    const nav = await api('POST', '/globals/site-settings', {
      token: admin,
      body: { navigation: [{ label: '坏链接', url: 'javascript:alert(1)' }] },
    })
    expect(nav.status).toBe(400)
    expect(JSON.stringify(nav.body)).toMatch(/站内路径/)
    for (const url of ['//evil.example', '/\\evil.example']) {
      const slashes = await api('POST', '/globals/site-settings', {
        token: admin,
        body: { navigation: [{ label: '外链', url }] },
      })
      expect(slashes.status, url).toBe(400)
    }
    const weibo = await api('POST', '/globals/site-settings', {
      token: admin,
      body: { weiboUrl: 'javascript:alert(1)' },
    })
    expect(weibo.status).toBe(400)
  })

  it('refuses an SVG (a script carrier) as an image upload', async () => {
    const form = new FormData()
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`
    form.append('file', new Blob([svg], { type: 'image/svg+xml' }), 'x.svg')
    form.append('_payload', JSON.stringify({ alt: 'svg' }))
    const response = await fetch(`${requireStack().cmsUrl}/api/media`, {
      method: 'POST',
      headers: { authorization: `JWT ${editor}` },
      body: form,
    })
    // 415 Unsupported Media Type: the upload check decides by the bytes (cms/src/uploads).
    expect(response.status).toBe(415)
  })
})

describe('in the browser nothing runs', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  const paths = () => [
    '/',
    `/articles/${articleSlug}`,
    `/topics/${topicSlug}`,
    '/topics',
    '/sections/news',
    `/search?q=${encodeURIComponent(SEARCH_WORD)}`,
  ]

  /** What the DOM must never hold: handlers, foreign scripts, dangerous links or embeds. */
  const inspect = () =>
    (() => {
      const problems: string[] = []
      for (const element of Array.from(document.querySelectorAll('*'))) {
        for (const attribute of Array.from(element.attributes)) {
          if (/^on/i.test(attribute.name)) problems.push(`<${element.localName} ${attribute.name}>`)
        }
      }
      for (const script of Array.from(document.scripts)) {
        const ours = script.src
          ? new URL(script.src).pathname.startsWith('/assets/')
          : script.type === 'application/ld+json'
        if (!ours) problems.push(`script ${script.src || script.textContent?.slice(0, 60)}`)
      }
      for (const anchor of Array.from(document.querySelectorAll('a[href], area[href]')) as HTMLAnchorElement[]) {
        if (!['http:', 'https:', 'mailto:', 'tel:'].includes(anchor.protocol)) problems.push(`href ${anchor.href}`)
      }
      for (const svgLink of Array.from(document.querySelectorAll('svg a')))
        problems.push(`svg link ${svgLink.outerHTML}`)
      for (const embed of Array.from(
        document.querySelectorAll('iframe, object, embed, base, form[action^="javascript"]'),
      ))
        problems.push(embed.outerHTML.slice(0, 80))
      return {
        problems,
        xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
        bodyText: document.body.textContent ?? '',
      }
    })()

  it('no payload runs or reaches the DOM as markup on home, article, topic, list and search pages', async () => {
    for (const path of paths()) {
      const watched = await openWatched(browser, new URL(path, siteUrl).toString(), { bypassCSP: true })
      expect(watched.status, path).toBe(200)
      await watched.page.waitForTimeout(150)
      const { problems, xss, bodyText } = await watched.page.evaluate(inspect)
      expect(xss, path).toBeNull()
      expect(watched.dialogs, path).toEqual([])
      expect(problems, path).toEqual([])
      // The payloads are on the page as text: the content really was rendered, only escaped.
      expect(bodyText, path).toContain("<script>window.__xss='site'</script>")
      await watched.close()
    }
  })

  it('shows the hostile texts as text where they belong', async () => {
    const watched = await openWatched(browser, new URL(`/articles/${articleSlug}`, siteUrl).toString(), {
      bypassCSP: true,
    })
    const { page } = watched
    expect(await page.locator('h1').first().textContent()).toBe(X.title)
    expect(await page.locator('.prose').first().textContent()).toContain(X.body)
    expect(await page.getAttribute(`img[alt="${X.alt.replace(/"/g, '\\"')}"]`, 'alt')).toBe(X.alt)
    // Safe links survive: the allowlist is not "remove every link".
    expect(await page.locator('.prose a[href="https://www.shpt.gov.cn/"]').count()).toBe(1)
    expect(await page.locator('.prose a[href$="/about"]').count()).toBe(1)
    await watched.close()

    const search = await openWatched(browser, new URL(`/search?q=${SEARCH_WORD}`, siteUrl).toString(), {
      bypassCSP: true,
    })
    // Highlights survive as <mark>, and are the only markup in the hit.
    expect(await search.page.locator('mark').count()).toBeGreaterThan(0)
    expect(await search.page.evaluate(() => document.body.textContent ?? '')).toContain('<script>')
    await search.close()
  })

  it('with the policy on, no page reports a violation: nothing injected even tried to run', async () => {
    for (const path of paths()) {
      const watched = await openWatched(browser, new URL(path, siteUrl).toString())
      await watched.page.waitForTimeout(100)
      expect(await watched.violations(), path).toEqual([])
      await watched.close()
    }
  })
})

const FEEDS = () => ['/feed.xml', '/feed.atom', `/topics/${topicSlug}/feed.xml`, `/topics/${topicSlug}/feed.atom`]

const DANGEROUS_TAGS = new Set([
  'script',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'base',
  'form',
  'style',
  'link',
  'meta',
])
const URL_ATTRIBUTES = new Set(['href', 'src', 'xlink:href', 'action', 'formaction', 'poster', 'data'])

/**
 * Executable markup in an HTML fragment as a feed reader or browser would
 * parse it: every tag (text is escaped, so `<` only opens real tags), its
 * name, its attribute names and its URL attributes. Text that merely reads
 * like markup (`&lt;script&gt;`, an alt text saying `onerror=`) is no finding.
 */
function executableMarkup(html: string): string[] {
  const found: string[] = []
  for (const [tag, name, attributes] of html.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    if (DANGEROUS_TAGS.has(name!.toLowerCase())) found.push(tag.slice(0, 80))
    for (const [, attribute, v1, v2, v3] of attributes!.matchAll(
      /\s([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g,
    )) {
      const attr = attribute!.toLowerCase()
      const value = (v1 ?? v2 ?? v3 ?? '').replace(/&amp;/g, '&').trim()
      if (attr.startsWith('on') || attr === 'style' || attr === 'srcdoc') found.push(`${name} ${attr}`)
      if (URL_ATTRIBUTES.has(attr) && !/^(https?:|mailto:|tel:)/i.test(value)) found.push(`${name} ${attr}=${value}`)
      if (attr === 'srcset' && /(^|,)\s*(?!https?:)[a-z][\w+.-]*:/i.test(value)) found.push(`${name} srcset=${value}`)
    }
  }
  return found
}

const textOf = (value: unknown) =>
  typeof value === 'object' && value !== null
    ? String((value as { '#text'?: unknown })['#text'] ?? '')
    : String(value ?? '')

describe('feeds carry no executable markup', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' })

  async function ourFeedItem(path: string) {
    const response = await fetch(new URL(path, siteUrl))
    expect(response.status, path).toBe(200)
    const xml = parser.parse(await response.text())
    const items: Array<Record<string, unknown>> = [xml.rss?.channel?.item ?? [], xml.feed?.entry ?? []].flat()
    const item = items.find((i) => JSON.stringify(i).includes(articleSlug))
    expect(item, `${path}: our article is in the feed`).toBeDefined()
    return { item: item!, rss: Boolean(xml.rss) }
  }

  it('RSS content:encoded and description, Atom content and summary; titles stay text', async () => {
    for (const path of FEEDS()) {
      const { item, rss } = await ourFeedItem(path)
      const html = textOf(rss ? item['content:encoded'] : item.content)
      expect(html, path).toContain('&lt;script&gt;')
      expect(html, path).toContain('href="https://www.shpt.gov.cn/"')
      expect(executableMarkup(html), path).toEqual([])
      // An RSS description is HTML to readers; an Atom summary says type="text" and is text.
      const summary = rss ? textOf(item.description) : textOf(item.summary)
      if (rss) {
        expect(summary, path).toContain('&lt;svg')
        expect(executableMarkup(summary), path).toEqual([])
      } else {
        expect((item.summary as Record<string, string>)['@type'], path).toBe('text')
        expect(summary, path).toBe(X.summary)
      }
      expect(textOf(item.title), path).toBe(X.title)
    }
  })

  it('JSON Feed content_html', async () => {
    for (const path of ['/feed.json', `/topics/${topicSlug}/feed.json`]) {
      const feed = await (await fetch(new URL(path, siteUrl))).json()
      const item = feed.items.find((i: { url: string }) => i.url.includes(articleSlug))
      expect(item, path).toBeDefined()
      expect(item.content_html).toContain('&lt;script&gt;')
      expect(executableMarkup(item.content_html), path).toEqual([])
      expect(item.title).toBe(X.title)
    }
  })
})

describe('links saved before the allowlist existed', () => {
  it('the site renders unsafe URLs already in the database as plain text, on the page and in feeds', async () => {
    // Straight into the table: what the CMS now refuses may still be there from before (or from a bulk import).
    const { databaseUrl } = requireStack()
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    const legacy = documentOf(
      paragraph(text(`${SEARCH_WORD}旧数据`)),
      paragraph(...UNSAFE_URLS.map((url, i) => link(url, `旧链接${i}`, i % 2 ? 'autolink' : 'link'))),
      paragraph(link('https://www.shpt.gov.cn/', '安全链接')),
    )
    try {
      await client.query('UPDATE articles SET content = $1 WHERE id = $2', [JSON.stringify(legacy), articleId])
    } finally {
      await client.end()
    }
    await purgeSiteCache()

    const html = await (await fetch(new URL(`/articles/${articleSlug}`, siteUrl))).text()
    const prose = /<div class="prose">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? ''
    for (let i = 0; i < UNSAFE_URLS.length; i++) expect(prose).toContain(`旧链接${i}`)
    expect(prose).toContain('href="https://www.shpt.gov.cn/"')
    expect(executableMarkup(prose)).toEqual([])

    const feed = await (await fetch(new URL('/feed.json', siteUrl))).json()
    const item = feed.items.find((i: { url: string }) => i.url.includes(articleSlug))
    expect(item.content_html).toContain('旧链接0')
    expect(executableMarkup(item.content_html)).toEqual([])
  })
})
