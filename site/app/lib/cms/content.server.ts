import type {
  ArticleCard,
  ArticleDetail,
  ArticlePageData,
  HomePageData,
  PageDetail,
  Paginated,
  SiteApi,
  TopicDetail,
} from '@newsroom/cms/contract'
import type { Article } from '@newsroom/cms/types'
import {
  CmsRateLimitedError,
  cmsFailed,
  getJson,
  type Query,
  readerHeaders,
  requestCms,
  requireJson,
  requireSiteApi,
  retryAfterOf,
} from './transport.server'

/**
 * Reader-facing content: articles, lists, topics, standing pages and drafts
 * for preview. Routes never build query strings themselves; every REST call
 * names the fields it needs (`select`) so the CMS sends no more than the page
 * shows, and the pages that must be fast use the CMS's one-statement endpoints
 * (cms/src/endpoints).
 */

type QueryValue = string | number | boolean | null | undefined | QueryValue[] | { [key: string]: QueryValue }

/** `{ where: { slug: { equals: 'x' } } }` → `where[slug][equals]=x`, the bracket syntax Payload's REST parses. */
function flattenQuery(input: Record<string, QueryValue>, prefix = '', out: Query = {}): Query {
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue
    const name = prefix ? `${prefix}[${key}]` : key
    if (Array.isArray(value)) out[name] = value.join(',')
    else if (typeof value === 'object') flattenQuery(value, name, out)
    else out[name] = value
  }
  return out
}

/** Names the fields of a collection to select (`{ title: true, … }`) from a list. */
export const fields = <K extends string>(...names: K[]) =>
  Object.fromEntries(names.map((n) => [n, true])) as Record<K, true>

/** Payload REST, nested query in; a 404 is an answer (null), not an outage. */
export const restGet = <T>(path: string, query: Record<string, QueryValue>) => getJson<T>(path, flattenQuery(query))
const restFind = <T>(path: string, query: Record<string, QueryValue>) => requireJson<T>(path, flattenQuery(query))

const PUBLISHED = { _status: { equals: 'published' } }

export type ArticleListFilter = {
  section?: Article['section']
  topicId?: number
  /** ISO instants; `publishedAt` in [from, to). */
  from?: string
  to?: string
  featured?: boolean
}

/** Published articles, newest first, paged; `withImages` populates the hero image. */
export function listArticles(
  filter: ArticleListFilter,
  { page = 1, limit = 15, withImages = false }: { page?: number; limit?: number; withImages?: boolean } = {},
): Promise<Paginated<ArticleCard>> {
  // One SQL statement on the list indexes (cms/src/endpoints/articleList.ts): REST's topic filter
  // and count cost 100+ ms at 100,000 articles (issue 5; docs/decisions/006).
  return requireSiteApi('/article-list', {
    section: filter.section,
    topic: filter.topicId,
    from: filter.from,
    to: filter.to,
    featured: filter.featured ? 1 : undefined,
    page,
    limit,
    images: withImages ? 1 : undefined,
  })
}

/**
 * The home page's lists in one request and one SQL statement (`GET /api/home-page`,
 * cms/src/endpoints/homePage.ts): three featured with hero images, the newest
 * `limit`, the newest `limit` per section, all topics. Issue 5: ≤ 3 statements a page.
 */
export function getHomePage(limit = 6): Promise<HomePageData> {
  return requireSiteApi('/home-page', { limit })
}

/**
 * Everything the article page needs in one request and one SQL statement
 * (`GET /api/article-page`, cms/src/endpoints/articlePage.ts): the published
 * article, its neighbours, related articles and the old-slug redirect.
 * Issue 5's uncached budget (≤ 20 ms, ≤ 3 statements) rests on it.
 */
export function getArticlePage(slug: string): Promise<ArticlePageData> {
  return requireSiteApi('/article-page', { slug })
}

export async function listAllTopics(): Promise<TopicDetail[]> {
  const result = await restFind<Paginated<TopicDetail>>('/topics', {
    limit: 200,
    depth: 0,
    sort: 'order',
    select: fields('name', 'slug', 'description'),
  })
  return result.docs
}

export async function getTopicBySlug(slug: string): Promise<TopicDetail | null> {
  const result = await restFind<Paginated<TopicDetail>>('/topics', {
    where: { slug: { equals: slug } },
    limit: 1,
    depth: 0,
    // No count query: one SQL statement for the lookup.
    pagination: false,
    select: fields('name', 'slug', 'description'),
  })
  return result.docs[0] ?? null
}

export async function getPageBySlug(slug: string): Promise<PageDetail | null> {
  const result = await restFind<Paginated<PageDetail>>('/pages', {
    where: { slug: { equals: slug } },
    limit: 1,
    depth: 1,
    populate: { articles: fields('title', 'slug'), pages: fields('title', 'slug') },
    select: fields('title', 'slug', 'summary', 'content', 'meta', 'updatedAt'),
  })
  return result.docs[0] ?? null
}

/**
 * A signed preview token's draft; null when the token is invalid, expired or the article gone.
 * Throws CmsRateLimitedError when this reader sent too many refused tokens.
 */
export async function getPreviewArticle(token: string, clientAddress?: string | null): Promise<ArticleDetail | null> {
  const path = '/articles/preview'
  const response = await requestCms(path, { query: { token }, headers: readerHeaders(clientAddress) })
  if (response.status === 429) throw new CmsRateLimitedError(retryAfterOf(response))
  if (response.status === 400 || response.status === 403 || response.status === 404) return null
  if (!response.ok) throw cmsFailed(response.status, path)
  return response.json<SiteApi['/articles/preview']>().doc
}

/** The current slug of a published article, by id: feed GUIDs (/articles/id/:id) resolve through it. */
export async function getPublishedSlugById(id: number): Promise<string | null> {
  const result = await restGet<Pick<Article, 'slug' | '_status'>>(`/articles/${id}`, {
    depth: 0,
    select: fields('slug', '_status'),
  })
  return result?._status === 'published' && result.slug ? result.slug : null
}

/** The first and last year anything was published, for the archive's year list. */
export async function getPublishedYearRange(): Promise<{ first: number; last: number } | null> {
  const edge = (sort: string) =>
    restFind<Paginated<Pick<Article, 'publishedAt'>>>('/articles', {
      where: { and: { 0: PUBLISHED, 1: { publishedAt: { exists: true } } } },
      sort,
      limit: 1,
      depth: 0,
      select: fields('publishedAt'),
    }).then((r) => r.docs[0]?.publishedAt ?? null)
  const [first, last] = await Promise.all([edge('publishedAt'), edge('-publishedAt')])
  if (!first || !last) return null
  // Shanghai years: an article at 2016-12-31T20:00Z was published in 2017 there.
  const year = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).getUTCFullYear()
  return { first: year(first), last: year(last) }
}

/** Articles per month of a Shanghai year (index 0 = January), in one statement (`GET /api/article-counts`). */
export async function countArticlesByMonth(
  year: number,
  monthStart: (year: number, month: number) => string,
): Promise<number[]> {
  const bounds = [...Array.from({ length: 12 }, (_, i) => monthStart(year, i + 1)), monthStart(year + 1, 1)]
  const body = await requireSiteApi('/article-counts', { bounds: bounds.join(',') })
  return body.counts
}
