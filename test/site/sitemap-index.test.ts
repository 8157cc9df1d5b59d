/**
 * The sitemap index `/sitemap.xml` turns into past 50,000 URLs, on the seeded
 * data: the site's own sitemap code runs in this process against the running
 * CMS with a limit of 5 URLs per file instead of 50,000 (making 50,000
 * articles would take the suite minutes). The index must name every part, each
 * part must hold at most the limit, and together they must hold every
 * published article exactly once, and no draft.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff, lexical, requireStack } from '../support/api'

type Routes = typeof import('../../site/app/features/feeds/feed-route.server')

const LIMIT = 5
const parser = new XMLParser({ isArray: (name) => ['url', 'sitemap'].includes(name) })
let routes: Routes
let siteUrl: string

beforeAll(async () => {
  const stack = requireStack()
  siteUrl = stack.siteUrl
  // The site's settings are read when its modules load: point them at the running stack first.
  Object.assign(process.env, { SITE_URL: stack.siteUrl, CMS_URL: stack.cmsUrl })
  routes = await import('../../site/app/features/feeds/feed-route.server')
})

async function xml(response: Response) {
  expect(response.status).toBe(200)
  const text = await response.text()
  expect(XMLValidator.validate(text)).toBe(true)
  return parser.parse(text)
}

describe('sitemap index', () => {
  it('splits every published article over parts of at most the limit, and the pages into their own part', async () => {
    const editor = (await createStaff('editor')).token
    const draft = await api('POST', '/articles', {
      token: editor,
      body: { title: '站点地图索引测试：草稿', section: 'news', content: lexical('草稿。'), _status: 'draft' },
    })
    expect(draft.status).toBe(201)

    const index = await xml(await routes.sitemapResponse(new Request(`${siteUrl}/sitemap.xml`), LIMIT))
    expect(index.urlset).toBeUndefined()
    const parts: string[] = index.sitemapindex.sitemap.map((s: { loc: string }) => s.loc)
    expect(parts[0]).toBe(`${siteUrl}/sitemaps/pages.xml`)

    const published = await api('GET', '/articles', {
      query: { 'where[_status][equals]': 'published', limit: 1000, depth: 0, 'select[slug]': 'true' },
    })
    const expected = published.body.docs.map((a: { slug: string }) => `${siteUrl}/articles/${a.slug}`).sort()
    expect(parts).toHaveLength(1 + Math.ceil(expected.length / LIMIT))

    const articles: string[] = []
    for (const part of parts.slice(1)) {
      const file = part.replace(`${siteUrl}/sitemaps/`, '')
      expect(file).toMatch(/^articles-[1-9][0-9]*\.xml$/)
      const doc = await xml(await routes.sitemapPartResponse(new Request(part), file, LIMIT))
      const locs: string[] = doc.urlset.url.map((u: { loc: string }) => u.loc)
      expect(locs.length).toBeGreaterThan(0)
      expect(locs.length).toBeLessThanOrEqual(LIMIT)
      articles.push(...locs)
    }
    expect([...articles].sort()).toEqual(expected)
    expect(articles).not.toContain(`${siteUrl}/articles/${draft.body.doc.slug}`)

    // The part after the last one named is not there.
    const past = `articles-${parts.length}.xml`
    expect((await routes.sitemapPartResponse(new Request(`${siteUrl}/sitemaps/${past}`), past, LIMIT)).status).toBe(404)

    // The pages part is the one the site serves, and holds no article.
    const pages = await xml(await fetch(`${siteUrl}/sitemaps/pages.xml`))
    const pageLocs: string[] = pages.urlset.url.map((u: { loc: string }) => u.loc)
    expect(pageLocs).toContain(`${siteUrl}/`)
    expect(pageLocs.some((loc) => loc.includes('/articles/'))).toBe(false)
  })
})
