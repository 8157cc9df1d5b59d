import type { FeedScopeQuery } from '@newsroom/cms/contract'
import { FEDERATION_NAME } from '@newsroom/cms/federation'
import { renderRichTextHtml } from '~/features/articles/rich-text.server'
import { getFeedItems, getSiteIndex, listSitemapArticles } from '~/lib/cms/feeds.server'
import { CmsUnavailableError } from '~/lib/cms/transport.server'
import { env } from '~/lib/env.server'
import { parseSlug } from '~/lib/params'
import { isSection, SECTION_LABELS } from '~/lib/sections'
import { buildAtom } from './build-atom'
import { buildJsonFeed } from './build-json-feed'
import { buildOpml } from './build-opml'
import { buildRss } from './build-rss'
import {
  buildSitemapIndex,
  buildUrlset,
  MAX_SITEMAP_URLS,
  parseSitemapFile,
  planSitemaps,
  type SitemapUrl,
} from './build-sitemap'
import { CRAWLER_CACHE_CONTROL, conditionalResponse } from './cache-headers.server'
import { buildFeedModel } from './feed-model'
import { FEED_TYPES, type FeedFormat, feedUrlsFor, scopePath } from './feed-urls'
import { buildRobotsTxt } from './robots'

/**
 * The feed, sitemap and robots routes in one place: validate the URL, ask
 * the CMS, call the pure builders, answer with validators. Route modules stay
 * one line each.
 */

const BUILDERS = { rss: buildRss, atom: buildAtom, json: buildJsonFeed } as const

function plain(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra },
  })
}

/** The CMS being down is a 503 with a retry hint, not a 500: readers and crawlers retry. */
async function orUnavailable(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof CmsUnavailableError) {
      console.error(error.message)
      return plain(503, '服务暂时不可用，请稍后再试。', { 'Retry-After': '30' })
    }
    throw error
  }
}

export type FeedRouteScope = { kind: 'site' } | { kind: 'section'; section: unknown } | { kind: 'topic'; slug: unknown }

function scopeQuery(scope: FeedRouteScope): FeedScopeQuery | null {
  if (scope.kind === 'site') return {}
  if (scope.kind === 'section') return isSection(scope.section) ? { section: scope.section } : null
  const slug = parseSlug(scope.slug)
  return slug ? { topic: slug } : null
}

export function feedResponse(request: Request, scope: FeedRouteScope, format: FeedFormat): Promise<Response> {
  return orUnavailable(async () => {
    const query = scopeQuery(scope)
    const data = query && (await getFeedItems(query))
    if (!data) return plain(404, '没有这个订阅源。')
    const model = buildFeedModel(data, { siteUrl: env.SITE_URL, cmsUrl: env.CMS_URL, renderHtml: renderRichTextHtml })
    return conditionalResponse(request, BUILDERS[format](model), {
      contentType: `${FEED_TYPES[format]}; charset=utf-8`,
      lastModified: model.lastModified,
    })
  })
}

const newest = (dates: (string | null | undefined)[]): Date | null =>
  dates.reduce<Date | null>((max, value) => {
    const date = value ? new Date(value) : null
    return date && !Number.isNaN(date.getTime()) && (!max || date > max) ? date : max
  }, null)

/** `/feeds.opml`: the site feed, then every section and every topic feed. */
export function opmlResponse(request: Request): Promise<Response> {
  return orUnavailable(async () => {
    const index = await getSiteIndex()
    const siteName = index.site?.name || FEDERATION_NAME
    const site = env.SITE_URL
    const body = buildOpml({
      title: `${siteName} · 订阅源`,
      ownerName: siteName,
      created: newest([index.articles.lastModified, ...index.topics.map((t) => t.updatedAt)]) ?? new Date(0),
      groups: [
        {
          title: '全站',
          feeds: [
            { title: siteName, description: index.site?.description, xmlUrl: `${site}/feed.xml`, htmlUrl: `${site}/` },
          ],
        },
        {
          title: '栏目',
          feeds: index.sections.map((s) => {
            const path = scopePath({ kind: 'section', section: s.value })
            return {
              title: `${SECTION_LABELS[s.value] ?? s.label} - ${siteName}`,
              xmlUrl: feedUrlsFor(path, site).rss,
              htmlUrl: `${site}${path}`,
            }
          }),
        },
        {
          title: '专题',
          feeds: index.topics.map((t) => {
            const path = scopePath({ kind: 'topic', slug: t.slug })
            return {
              title: `${t.name} - ${siteName}`,
              description: t.description,
              xmlUrl: feedUrlsFor(path, site).rss,
              htmlUrl: `${site}${path}`,
            }
          }),
        },
      ],
    })
    return conditionalResponse(request, body, {
      contentType: 'text/x-opml; charset=utf-8',
      lastModified: newest([index.articles.lastModified, ...index.topics.map((t) => t.updatedAt)]),
    })
  })
}

/** Every URL of the site except the articles: home, sections, topics, standing pages, archive months. */
function pageUrls(index: Awaited<ReturnType<typeof getSiteIndex>>): SitemapUrl[] {
  const site = env.SITE_URL
  const at = (value: string | null | undefined) => (value ? new Date(value) : null)
  const years = new Map<number, Date>()
  for (const m of index.archive) {
    const when = new Date(m.lastModified)
    if (!years.has(m.year) || when > years.get(m.year)!) years.set(m.year, when)
  }
  return [
    { loc: `${site}/`, lastmod: at(index.articles.lastModified) },
    ...index.sections.map((s) => ({ loc: `${site}/sections/${s.value}`, lastmod: at(s.lastModified) })),
    { loc: `${site}/topics`, lastmod: newest(index.topics.map((t) => t.updatedAt)) },
    ...index.topics.map((t) => ({ loc: `${site}/topics/${encodeURIComponent(t.slug)}`, lastmod: at(t.updatedAt) })),
    ...index.pages.map((p) => ({ loc: `${site}/${encodeURIComponent(p.slug)}`, lastmod: at(p.updatedAt) })),
    ...[...years].map(([year, lastmod]) => ({ loc: `${site}/archive/${year}`, lastmod })),
    ...index.archive.map((m) => ({
      loc: `${site}/archive/${m.year}/${String(m.month).padStart(2, '0')}`,
      lastmod: at(m.lastModified),
    })),
  ]
}

const articleUrls = (docs: { slug: string; updatedAt: string }[]): SitemapUrl[] =>
  docs.map((d) => ({ loc: `${env.SITE_URL}/articles/${encodeURIComponent(d.slug)}`, lastmod: new Date(d.updatedAt) }))

const XML = 'application/xml; charset=utf-8'

/** `/sitemap.xml`: one urlset while everything fits 50,000 URLs, else an index of `/sitemaps/*.xml`. */
export function sitemapResponse(request: Request, max = MAX_SITEMAP_URLS): Promise<Response> {
  return orUnavailable(async () => {
    const index = await getSiteIndex({ full: true })
    const pages = pageUrls(index)
    const articleCount = index.articles.total ?? 0
    const plan = planSitemaps(pages.length, articleCount, max)
    const lastModified = newest([
      index.articles.lastModified,
      ...index.topics.map((t) => t.updatedAt),
      ...index.pages.map((p) => p.updatedAt),
    ])
    let body: string
    if (plan.kind === 'single') {
      const articles = articleCount > 0 ? ((await listSitemapArticles(1, max)) ?? []) : []
      body = buildUrlset([...pages, ...articleUrls(articles)])
    } else {
      body = buildSitemapIndex([
        { loc: `${env.SITE_URL}/sitemaps/pages.xml`, lastmod: lastModified },
        ...Array.from({ length: plan.articleSitemaps }, (_, i) => ({
          loc: `${env.SITE_URL}/sitemaps/articles-${i + 1}.xml`,
          lastmod: i === plan.articleSitemaps - 1 ? lastModified : null,
        })),
      ])
    }
    return conditionalResponse(request, body, { contentType: XML, lastModified, cacheControl: CRAWLER_CACHE_CONTROL })
  })
}

/** `/sitemaps/pages.xml` and `/sitemaps/articles-N.xml`, the parts a sitemap index names. */
export function sitemapPartResponse(request: Request, file: unknown, max = MAX_SITEMAP_URLS): Promise<Response> {
  return orUnavailable(async () => {
    const part = typeof file === 'string' ? parseSitemapFile(file) : null
    if (!part) return plain(404, '没有这个站点地图。')
    let body: string
    if (part.kind === 'pages') {
      body = buildUrlset(pageUrls(await getSiteIndex({ full: true })))
    } else {
      const docs = await listSitemapArticles(part.page, max)
      if (!docs) return plain(404, '没有这个站点地图。')
      body = buildUrlset(articleUrls(docs))
    }
    return conditionalResponse(request, body, { contentType: XML, cacheControl: CRAWLER_CACHE_CONTROL })
  })
}

export function robotsResponse(request: Request): Response {
  return conditionalResponse(request, buildRobotsTxt(env.SITE_URL), {
    contentType: 'text/plain; charset=utf-8',
    cacheControl: CRAWLER_CACHE_CONTROL,
  })
}
