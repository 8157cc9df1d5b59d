/**
 * Feeds, OPML, sitemap and robots through the running site, parsed with a
 * real XML parser: RSS 2.0, Atom and JSON Feed for the site, each section and
 * each topic; stable GUIDs; validators and 304s; drafts absent everywhere.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff, lexical, requireStack } from '../support/api'

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Repeatable elements always as arrays; Atom's <link> repeats, RSS's does not.
  isArray: (name, jpath) =>
    ['item', 'entry', 'category', 'url', 'outline', 'sitemap'].includes(name) ||
    (name === 'link' && String(jpath).startsWith('feed.')),
})
const SECTIONS = ['news', 'policy', 'park', 'notice']
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/

let editor: string
let siteUrl: string
let topics: { id: number; slug: string; name: string }[]

const site = (path: string, headers: Record<string, string> = {}) =>
  fetch(new URL(path, siteUrl), { headers, redirect: 'manual' })

async function getXml(path: string) {
  const response = await site(path)
  expect(response.status, path).toBe(200)
  const text = await response.text()
  expect(XMLValidator.validate(text), `${path} is well-formed XML`).toBe(true)
  return { response, text, doc: parser.parse(text) }
}

type RssItem = {
  guid: { '#text': string; '@isPermaLink': string }
  link: string
  title: string
  category?: string[]
  'content:encoded': string
  enclosure?: Record<string, string>
  pubDate: string
}

async function rssItems(path: string): Promise<RssItem[]> {
  const { doc } = await getXml(path)
  return doc.rss.channel.item ?? []
}

async function publish(body: Record<string, unknown>) {
  const { status, body: created } = await api('POST', '/articles', {
    token: editor,
    body: { section: 'notice', content: lexical('订阅源测试正文。'), _status: 'published', ...body },
  })
  expect(status).toBe(201)
  return created.doc as { id: number; slug: string }
}

/** What readers see may lag a publish by up to a second (SPEC); look a little longer before failing. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

beforeAll(async () => {
  siteUrl = requireStack().siteUrl
  editor = (await createStaff('editor')).token
  topics = (await api('GET', '/topics', { query: { limit: 100, depth: 0 } })).body.docs
})

describe('RSS 2.0', () => {
  it('the site feed: channel, self link, the 20 newest, full content, absolute URLs, stable GUIDs', async () => {
    const { response, doc, text } = await getXml('/feed.xml')
    expect(response.headers.get('content-type')).toMatch(/^application\/rss\+xml/)
    expect(response.headers.get('cache-control')).toMatch(/max-age/)
    const channel = doc.rss.channel
    expect(doc.rss['@version']).toBe('2.0')
    expect([channel['atom:link']].flat()).toContainEqual(
      expect.objectContaining({ '@rel': 'self', '@href': `${siteUrl}/feed.xml` }),
    )
    expect(channel.item.length).toBeGreaterThan(0)
    expect(channel.item.length).toBeLessThanOrEqual(20)
    const dates = channel.item.map((item: RssItem) => Date.parse(item.pubDate))
    expect([...dates].sort((a, b) => b - a)).toEqual(dates)
    for (const item of channel.item as RssItem[]) {
      expect(item.guid['#text']).toMatch(new RegExp(`^${siteUrl}/articles/id/\\d+$`))
      expect(item.guid['@isPermaLink']).toBe('false')
      expect(item.link.startsWith(`${siteUrl}/articles/`)).toBe(true)
      expect(item['content:encoded']).toMatch(/<p>/)
      expect(item['content:encoded']).not.toMatch(/(?:href|src)="(?!https?:|mailto:|tel:)/)
    }
    expect(text).not.toMatch(/(?:href|src)="\/(?!\/)/)
    // Full bodies, not excerpts: the seeded articles run to hundreds of characters.
    expect(Math.max(...(channel.item as RssItem[]).map((item) => item['content:encoded'].length))).toBeGreaterThan(500)
    // Seeded articles carry hero images and topics.
    const withHero = (channel.item as RssItem[]).find((item) => item.enclosure)
    expect(Number(withHero?.enclosure?.['@length'])).toBeGreaterThan(0)
    expect(withHero?.enclosure?.['@type']).toMatch(/^image\//)
    expect(withHero?.enclosure?.['@url']).toMatch(/^https?:\/\//)
    expect((channel.item as RssItem[]).some((item) => (item.category ?? []).length > 0)).toBe(true)
  })

  it.each(SECTIONS)('the %s section feed holds only its section', async (section) => {
    const items = await rssItems(`/sections/${section}/feed.xml`)
    expect(items.length).toBeGreaterThan(0)
    for (const item of items) {
      const id = Number(item.guid['#text'].split('/').pop())
      const { body } = await api('GET', `/articles/${id}`, { query: { depth: 0 } })
      expect(body.section).toBe(section)
    }
  })

  it('every topic has a feed of its articles, named after it', async () => {
    expect(topics.length).toBeGreaterThan(0)
    for (const topic of topics) {
      const { doc } = await getXml(`/topics/${topic.slug}/feed.xml`)
      expect(doc.rss.channel.title).toContain(topic.name)
      for (const item of (doc.rss.channel.item ?? []) as RssItem[]) expect(item.category).toContain(topic.name)
    }
  })

  it('unknown sections and topics are 404', async () => {
    expect((await site('/sections/sports/feed.xml')).status).toBe(404)
    expect((await site('/topics/no-such-topic/feed.xml')).status).toBe(404)
    expect((await site('/topics/%00%27/feed.atom')).status).toBe(404)
  })
})

describe('validators', () => {
  it('answers 304 to a current ETag or date, 200 to a stale one', async () => {
    const first = await site('/feed.xml')
    const etag = first.headers.get('etag')!
    const lastModified = first.headers.get('last-modified')!
    expect(etag).toMatch(/^"[^"]+"$/)
    expect(new Date(lastModified).toString()).not.toBe('Invalid Date')
    const byEtag = await site('/feed.xml', { 'If-None-Match': etag })
    expect(byEtag.status).toBe(304)
    expect(await byEtag.text()).toBe('')
    expect((await site('/feed.xml', { 'If-Modified-Since': lastModified })).status).toBe(304)
    expect((await site('/feed.xml', { 'If-None-Match': '"stale"' })).status).toBe(200)
  })
})

describe('publishing shows in every feed; GUIDs never change', () => {
  it('draft absent, publish present, slug change keeps the GUID, unpublish gone, ETag moves', async () => {
    const topic = topics[0]
    const before = await site(`/topics/${topic.slug}/feed.xml`)
    const etagBefore = before.headers.get('etag')!

    const { status, body } = await api('POST', '/articles', {
      token: editor,
      body: {
        title: '订阅源测试：草稿不应出现',
        section: 'notice',
        topics: [topic.id],
        content: lexical('草稿正文。'),
        _status: 'draft',
      },
    })
    expect(status).toBe(201)
    const id = body.doc.id as number
    const guid = `${siteUrl}/articles/id/${id}`
    const feeds = ['/feed.xml', '/sections/notice/feed.xml', `/topics/${topic.slug}/feed.xml`]
    for (const feed of feeds) expect((await rssItems(feed)).map((i) => i.guid['#text'])).not.toContain(guid)

    await api('PATCH', `/articles/${id}`, {
      token: editor,
      body: { _status: 'published', publishedAt: new Date().toISOString() },
    })
    for (const feed of feeds) {
      await eventually(async () => expect((await rssItems(feed)).map((i) => i.guid['#text'])).toContain(guid))
    }
    expect((await site(`/topics/${topic.slug}/feed.xml`, { 'If-None-Match': etagBefore })).status).toBe(200)
    for (const path of ['/feed.atom', '/feed.json']) {
      await eventually(async () => expect(await (await site(path)).text()).toContain(guid))
    }

    const renamed = await api('PATCH', `/articles/${id}`, { token: editor, body: { slug: `dingyue-yuan-ceshi-${id}` } })
    expect(renamed.status).toBe(200)
    await eventually(async () => {
      const item = (await rssItems('/feed.xml')).find((i) => i.guid['#text'] === guid)
      expect(item?.link).toBe(`${siteUrl}/articles/dingyue-yuan-ceshi-${id}`)
    })
    // The GUID is also an address that survives the rename.
    const byId = await site(`/articles/id/${id}`)
    expect(byId.status).toBe(301)
    expect(byId.headers.get('location')).toMatch(new RegExp(`/articles/dingyue-yuan-ceshi-${id}$`))

    await api('PATCH', `/articles/${id}`, { token: editor, body: { _status: 'draft' } })
    for (const feed of feeds) {
      await eventually(async () => expect((await rssItems(feed)).map((i) => i.guid['#text'])).not.toContain(guid))
    }
    expect((await site(`/articles/id/${id}`)).status).toBe(404)
  })

  it('one illegal character in an article never breaks a feed', async () => {
    const { id } = await publish({
      title: '控制字符\u0001\u0008测试\u000B标题',
      summary: '摘要\u001F里有\u0007控制字符',
      content: lexical('正文\u0002含有\u001B控制字符\uFFFE。'),
      publishedAt: new Date().toISOString(),
    })
    for (const path of ['/feed.xml', '/feed.atom', '/sections/notice/feed.xml']) {
      await eventually(async () => {
        const { text } = await getXml(path)
        expect(text).toContain(`/articles/id/${id}`)
        expect(text).not.toMatch(XML_ILLEGAL)
        expect(text).toContain('控制字符测试标题')
      })
    }
    const json = await (await site('/feed.json')).json()
    expect(json.items.map((i: { id: string }) => i.id)).toContain(`${siteUrl}/articles/id/${id}`)
  })
})

describe('Atom and JSON Feed', () => {
  it('carry the same items as RSS for the site, each section and each topic', async () => {
    const scopes = ['', ...SECTIONS.map((s) => `/sections/${s}`), ...topics.map((t) => `/topics/${t.slug}`)]
    for (const scope of scopes) {
      const rss = (await rssItems(`${scope}/feed.xml`)).map((i) => i.guid['#text'])
      const atom = await getXml(`${scope}/feed.atom`)
      expect(atom.response.headers.get('content-type')).toMatch(/^application\/atom\+xml/)
      expect(atom.doc.feed.link).toContainEqual(
        expect.objectContaining({ '@rel': 'self', '@href': `${siteUrl}${scope}/feed.atom` }),
      )
      expect((atom.doc.feed.entry ?? []).map((e: { id: string }) => e.id)).toEqual(rss)
      const jsonResponse = await site(`${scope}/feed.json`)
      expect(jsonResponse.headers.get('content-type')).toMatch(/^application\/feed\+json/)
      const json = await jsonResponse.json()
      expect(json.version).toBe('https://jsonfeed.org/version/1.1')
      expect(json.feed_url).toBe(`${siteUrl}${scope}/feed.json`)
      expect(json.items.map((i: { id: string }) => i.id)).toEqual(rss)
    }
  })
})

describe('OPML', () => {
  it('lists the site feed and every section and topic feed', async () => {
    const { response, doc } = await getXml('/feeds.opml')
    expect(response.headers.get('content-type')).toMatch(/opml/)
    const urls: string[] = []
    const walk = (outlines: Record<string, unknown>[] = []) => {
      for (const o of outlines) {
        if (o['@xmlUrl']) urls.push(o['@xmlUrl'] as string)
        walk(o.outline as Record<string, unknown>[])
      }
    }
    walk(doc.opml.body.outline)
    expect(urls).toContain(`${siteUrl}/feed.xml`)
    for (const section of SECTIONS) expect(urls).toContain(`${siteUrl}/sections/${section}/feed.xml`)
    for (const topic of topics) expect(urls).toContain(`${siteUrl}/topics/${topic.slug}/feed.xml`)
    for (const url of urls) expect((await fetch(url)).status, url).toBe(200)
  })
})

describe('sitemap and robots', () => {
  it('lists every published article, section, topic and page, and no draft', async () => {
    const draft = await api('POST', '/articles', {
      token: editor,
      body: { title: '站点地图测试：草稿', section: 'news', content: lexical('草稿。'), _status: 'draft' },
    })
    const { doc, response } = await getXml('/sitemap.xml')
    expect(response.headers.get('content-type')).toMatch(/xml/)
    const locs: string[] = doc.urlset.url.map((u: { loc: string }) => u.loc)
    const published = await api('GET', '/articles', {
      query: { 'where[_status][equals]': 'published', limit: 1000, depth: 0, 'select[slug]': 'true' },
    })
    for (const article of published.body.docs) expect(locs).toContain(`${siteUrl}/articles/${article.slug}`)
    expect(locs).not.toContain(`${siteUrl}/articles/${draft.body.doc.slug}`)
    for (const section of SECTIONS) expect(locs).toContain(`${siteUrl}/sections/${section}`)
    for (const topic of topics) expect(locs).toContain(`${siteUrl}/topics/${topic.slug}`)
    const pages = await api('GET', '/pages', { query: { limit: 100, depth: 0 } })
    for (const page of pages.body.docs) expect(locs).toContain(`${siteUrl}/${page.slug}`)
    expect(locs.every((loc) => loc.startsWith(siteUrl))).toBe(true)
    for (const url of doc.urlset.url) if (url.lastmod) expect(url.lastmod).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  it('serves the parts an index would name, and 404 for others', async () => {
    const pages = await getXml('/sitemaps/pages.xml')
    expect(pages.doc.urlset.url.length).toBeGreaterThan(4)
    const articles = await getXml('/sitemaps/articles-1.xml')
    expect(articles.doc.urlset.url.length).toBeGreaterThan(0)
    expect((await site('/sitemaps/articles-999.xml')).status).toBe(404)
    expect((await site('/sitemaps/..%2Fetc.xml')).status).toBe(404)
  })

  it('robots.txt allows all, keeps /preview and /search out, names the sitemap', async () => {
    const response = await site('/robots.txt')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
    const text = await response.text()
    expect(text).toMatch(/^User-agent: \*$/m)
    expect(text).toMatch(/^Disallow: \/preview$/m)
    expect(text).toMatch(/^Disallow: \/search$/m)
    expect(text).toContain(`Sitemap: ${siteUrl}/sitemap.xml`)
  })
})

describe('autodiscovery', () => {
  const alternates = (html: string) =>
    [...html.matchAll(/<link[^>]+rel="alternate"[^>]*>/g)].map((m) => ({
      type: /type="([^"]+)"/.exec(m[0])?.[1],
      href: /href="([^"]+)"/.exec(m[0])?.[1],
    }))

  it('every page links the site feeds', async () => {
    for (const path of ['/', '/search', '/about']) {
      const html = await (await site(path)).text()
      expect(alternates(html), path).toContainEqual({ type: 'application/rss+xml', href: `${siteUrl}/feed.xml` })
      expect(alternates(html), path).toContainEqual({ type: 'application/atom+xml', href: `${siteUrl}/feed.atom` })
      expect(alternates(html), path).toContainEqual({ type: 'application/feed+json', href: `${siteUrl}/feed.json` })
    }
  })

  it('section and topic pages link their own feed first', async () => {
    for (const path of ['/sections/policy', `/topics/${topics[0].slug}`]) {
      const links = alternates(await (await site(path)).text())
      expect(links[0], path).toEqual({ type: 'application/rss+xml', href: `${siteUrl}${path}/feed.xml` })
      expect(links).toContainEqual({ type: 'application/rss+xml', href: `${siteUrl}/feed.xml` })
    }
  })
})
