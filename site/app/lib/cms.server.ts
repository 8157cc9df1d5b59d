import type { Article, Document, Media, Page, SiteSetting, Topic } from '@newsroom/cms/types'
import { type CmsReply, callCms } from './cms-transport.server'
import { env } from './env.server'
import type { PolicyStatus } from './policy-status'

/**
 * The one typed door into the CMS. Routes never build query strings or touch
 * fetch themselves; every call names the fields it needs (`select`) so the CMS
 * sends no more than the page shows.
 */

export type Paginated<T> = {
  docs: T[]
  totalDocs: number
  totalPages: number
  page: number
  limit: number
  hasNextPage: boolean
  hasPrevPage: boolean
}

export class CmsUnavailableError extends Error {}

/**
 * Every call to the CMS asks for uncompressed JSON. The CMS sits next to the site (loopback or a
 * private network); gzip there cost the CMS a compression and the site a decompression per page,
 * about a tenth of an uncached render's CPU, to save bytes on a link that has them to spare.
 */
const CMS_REQUEST_HEADERS = { accept: 'application/json', 'accept-encoding': 'identity' } as const

/** The CMS refused a reader's request as too frequent (429); pages answer 429 with the same Retry-After. */
export class CmsRateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`CMS rate limit, retry after ${retryAfterSeconds} s`)
  }
}

/** Retry-After in seconds from a CMS answer; a minute when missing or odd. */
const retryAfterOf = (response: CmsReply) => {
  const seconds = Number(response.headers.get('retry-after'))
  return Number.isInteger(seconds) && seconds > 0 ? seconds : 60
}

/**
 * Headers for calls made on a reader's behalf (search, preview, subscriptions):
 * the reader's address, which the CMS rate-limits on, vouched for by the shared
 * secret (without it the CMS keys on this site's own address).
 */
function readerHeaders(clientAddress: string | null | undefined): Record<string, string> {
  const headers: Record<string, string> = {}
  if (env.INTERNAL_API_SECRET) headers['x-newsroom-internal'] = env.INTERNAL_API_SECRET
  if (clientAddress) headers['x-newsroom-client-ip'] = clientAddress
  return headers
}

type Query = Record<string, string | number | boolean | undefined>

async function cmsGet<T>(path: string, query: Query = {}): Promise<T> {
  const url = new URL(`/api${path}`, env.CMS_INTERNAL_URL)
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value))
  let response: CmsReply
  try {
    // Bounded like every other call here: a CMS that accepts but never answers must not hold a page (or /healthz).
    response = await callCms(url, { headers: { ...CMS_REQUEST_HEADERS }, timeoutMs: 10_000 })
  } catch (error) {
    throw new CmsUnavailableError(`CMS unreachable at ${env.CMS_INTERNAL_URL}: ${(error as Error).message}`)
  }
  if (!response.ok) throw new CmsUnavailableError(`CMS answered ${response.status} for ${url.pathname}`)
  return response.json<T>()
}

/** What /healthz reports: is the CMS reachable, and does its database answer? */
export type CmsHealth = {
  cms: 'ok' | 'unreachable' | 'failing'
  database: 'ok' | 'unavailable' | 'unknown'
  error?: string
}

/**
 * Whether the CMS answers and, through its `/api/health` (`SELECT 1` with a
 * time limit), whether PostgreSQL does: `/healthz` must tell a dead database
 * from a dead CMS. Bounded in time, since a health check that hangs is no
 * answer for a load balancer.
 */
export async function checkCmsHealth(timeoutMs = 5000): Promise<CmsHealth> {
  let response: CmsReply
  try {
    response = await callCms(new URL('/api/health', env.CMS_INTERNAL_URL), {
      headers: { ...CMS_REQUEST_HEADERS },
      timeoutMs,
    })
  } catch (error) {
    return { cms: 'unreachable', database: 'unknown', error: `CMS unreachable: ${(error as Error).message}` }
  }
  let body: { database?: string; code?: string } | null = null
  try {
    body = response.json()
  } catch {}
  if (response.ok && body?.database === 'ok') return { cms: 'ok', database: 'ok' }
  if (response.status === 503 && (body?.database === 'unavailable' || body?.code === 'DATABASE_UNAVAILABLE'))
    return { cms: 'ok', database: 'unavailable', error: 'the CMS cannot reach its database' }
  return { cms: 'failing', database: 'unknown', error: `CMS answered ${response.status} for /api/health` }
}

export type ArticleListItem = Pick<Article, 'id' | 'title' | 'slug' | 'section' | 'summary' | 'publishedAt'>

export function listLatestArticles(limit = 10): Promise<Paginated<ArticleListItem>> {
  return cmsGet('/articles', {
    'where[_status][equals]': 'published',
    sort: '-publishedAt',
    limit,
    depth: 0,
    'select[title]': true,
    'select[slug]': true,
    'select[section]': true,
    'select[summary]': true,
    'select[publishedAt]': true,
  })
}

/* ---------------------------------------------------------------------------
 * Reader-facing pages: articles, lists, topics, pages, settings, redirects.
 * ------------------------------------------------------------------------- */

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
const fields = <K extends string>(...names: K[]) => Object.fromEntries(names.map((n) => [n, true])) as Record<K, true>

/** Like cmsGet, but a 404 is an answer (null), not an outage. */
async function cmsGetOrNull<T>(path: string, query: Record<string, QueryValue>, timeoutMs = 10_000): Promise<T | null> {
  const url = new URL(`/api${path}`, env.CMS_INTERNAL_URL)
  for (const [key, value] of Object.entries(flattenQuery(query))) url.searchParams.set(key, String(value))
  let response: CmsReply
  try {
    response = await callCms(url, { headers: { ...CMS_REQUEST_HEADERS }, timeoutMs })
  } catch (error) {
    throw new CmsUnavailableError(`CMS unreachable at ${env.CMS_INTERNAL_URL}: ${(error as Error).message}`)
  }
  if (response.status === 404) return null
  if (!response.ok) throw new CmsUnavailableError(`CMS answered ${response.status} for ${url.pathname}`)
  return response.json<T>()
}

async function cmsQuery<T>(path: string, query: Record<string, QueryValue>): Promise<T> {
  const result = await cmsGetOrNull<T>(path, query)
  if (result === null) throw new CmsUnavailableError(`CMS answered 404 for ${path}`)
  return result
}

const PUBLISHED = { _status: { equals: 'published' } }
/** Populated topics carry only what a chip needs. */
const TOPIC_POPULATE = { topics: fields('name', 'slug') }

export type TopicRef = Pick<Topic, 'id' | 'name' | 'slug'>

/** What lists show: no body, the hero image populated (for cards that show it). */
export type ArticleCard = Pick<Article, 'id' | 'title' | 'slug' | 'section' | 'summary' | 'publishedAt'> & {
  heroImage?: Media | number | null
}

export type ArticleListFilter = {
  section?: Article['section']
  topicId?: number
  /** ISO instants; `publishedAt` in [from, to). */
  from?: string
  to?: string
  featured?: boolean
}

function articleWhere(filter: ArticleListFilter) {
  const and: Record<string, QueryValue>[] = [PUBLISHED]
  if (filter.section) and.push({ section: { equals: filter.section } })
  if (filter.topicId !== undefined) and.push({ topics: { in: [filter.topicId] } })
  if (filter.from) and.push({ publishedAt: { greater_than_equal: filter.from } })
  if (filter.to) and.push({ publishedAt: { less_than: filter.to } })
  if (filter.featured) and.push({ featured: { equals: true } })
  return { and: Object.fromEntries(and.map((clause, i) => [String(i), clause])) }
}

/** Published articles, newest first, paged; `withImages` populates the hero image. */
export async function listArticles(
  filter: ArticleListFilter,
  { page = 1, limit = 15, withImages = false }: { page?: number; limit?: number; withImages?: boolean } = {},
): Promise<Paginated<ArticleCard>> {
  // One SQL statement on the list indexes (cms/src/endpoints/articleList.ts): REST's topic filter
  // and count cost 100+ ms at 100,000 articles (issue 5; docs/decisions/006).
  const { status, body } = await cmsEndpoint<Paginated<ArticleCard>>('/article-list', {
    section: filter.section,
    topic: filter.topicId,
    from: filter.from,
    to: filter.to,
    featured: filter.featured ? 1 : undefined,
    page,
    limit,
    images: withImages ? 1 : undefined,
  })
  if (status !== 200) throw new CmsUnavailableError(`CMS answered ${status} for /api/article-list`)
  return body
}

/** Everything the article page shows: body with uploads, hero, attachments, topics, policy/park cards, SEO. */
/** The page endpoint adds the policy interpretations this article replaces (policy lifecycle). */
export type ArticleDetail = ArticleDetailFields & { replaces?: Array<{ title: string; slug: string }> }

type ArticleDetailFields = Pick<
  Article,
  | 'id'
  | 'title'
  | 'slug'
  | 'section'
  | 'summary'
  | 'content'
  | 'publishedAt'
  | 'updatedAt'
  | 'bylines'
  | 'policy'
  | 'park'
  | 'meta'
  | '_status'
> & {
  heroImage?: Media | number | null
  attachments?: (Document | number)[] | null
  topics?: (TopicRef | number)[] | null
}

const DETAIL_QUERY = {
  depth: 1,
  populate: { ...TOPIC_POPULATE, articles: fields('title', 'slug'), pages: fields('title', 'slug') },
  select: fields(
    'title',
    'slug',
    'section',
    'summary',
    'content',
    'publishedAt',
    'updatedAt',
    'bylines',
    'policy',
    'park',
    'meta',
    '_status',
    'heroImage',
    'attachments',
    'topics',
  ),
}

export async function getArticleBySlug(slug: string): Promise<ArticleDetail | null> {
  const result = await cmsQuery<Paginated<ArticleDetail>>('/articles', {
    ...DETAIL_QUERY,
    where: { and: { 0: PUBLISHED, 1: { slug: { equals: slug } } } },
    limit: 1,
  })
  return result.docs[0] ?? null
}

export type HomePageData = {
  featured: ArticleCard[]
  latest: ArticleListItem[]
  sections: Record<Article['section'], ArticleListItem[]>
  topics: TopicDetail[]
}

/**
 * The home page's lists in one request and one SQL statement (`GET /api/home-page`,
 * cms/src/endpoints/homePage.ts): three featured with hero images, the newest
 * `limit`, the newest `limit` per section, all topics. Issue 5: ≤ 3 statements a page.
 */
export async function getHomePage(limit = 6): Promise<HomePageData> {
  const { status, body } = await cmsEndpoint<HomePageData>('/home-page', { limit })
  if (status !== 200) throw new CmsUnavailableError(`CMS answered ${status} for /api/home-page`)
  return body
}

export type ArticlePageData = {
  article: ArticleDetail | null
  previous: { title: string; slug: string } | null
  next: { title: string; slug: string } | null
  related: ArticleCard[]
  /** When no published article has the slug: the current slug of the one that used to (301). */
  redirectTo: string | null
  /** 点击量, as getArticleViews reads it; null without an article. */
  views: number | null
}

/**
 * Everything the article page needs in one request and one SQL statement
 * (`GET /api/article-page`, cms/src/endpoints/articlePage.ts): the article as
 * getArticleBySlug returns it, its neighbours, related articles and the old-slug
 * redirect. Issue 5's uncached budget (≤ 20 ms, ≤ 3 statements) rests on it.
 */
export async function getArticlePage(slug: string): Promise<ArticlePageData> {
  const { status, body } = await cmsEndpoint<ArticlePageData>('/article-page', { slug })
  if (status !== 200) throw new CmsUnavailableError(`CMS answered ${status} for /api/article-page`)
  return body
}

/** The current slug of an article that used to live at `oldSlug`, if it is still published. */
export async function findRedirectedSlug(oldSlug: string): Promise<string | null> {
  const result = await cmsQuery<Paginated<{ article?: { slug?: string | null; _status?: string | null } | number }>>(
    '/redirects',
    {
      where: { from: { equals: oldSlug } },
      limit: 1,
      depth: 1,
      select: fields('article'),
      populate: { articles: fields('slug', '_status') },
    },
  )
  const article = result.docs[0]?.article
  if (!article || typeof article !== 'object' || article._status !== 'published' || !article.slug) return null
  return article.slug === oldSlug ? null : article.slug
}

export type AdjacentArticles = { previous: ArticleCard | null; next: ArticleCard | null }

/**
 * The older and newer neighbours by publication time. Two indexed REST queries;
 * articles published in the very same millisecond are skipped, which real
 * editors never produce. A CMS endpoint could do this in one statement.
 */
export async function getAdjacentArticles(article: Pick<Article, 'id' | 'publishedAt'>): Promise<AdjacentArticles> {
  if (!article.publishedAt) return { previous: null, next: null }
  const neighbour = (operator: 'less_than' | 'greater_than', sort: string) =>
    cmsQuery<Paginated<ArticleCard>>('/articles', {
      where: { and: { 0: PUBLISHED, 1: { publishedAt: { [operator]: article.publishedAt } } } },
      sort,
      limit: 1,
      depth: 0,
      select: fields('title', 'slug', 'section', 'publishedAt'),
    }).then((r) => r.docs[0] ?? null)
  const [previous, next] = await Promise.all([
    neighbour('less_than', '-publishedAt'),
    neighbour('greater_than', 'publishedAt'),
  ])
  return { previous, next }
}

/** Newest articles sharing a topic with this one, else from its section. */
export async function listRelatedArticles(
  article: Pick<ArticleDetail, 'id' | 'section' | 'topics'>,
  limit = 5,
): Promise<ArticleCard[]> {
  const topicIds = (article.topics ?? []).map((t) => (typeof t === 'object' ? t.id : t))
  const scope = topicIds.length ? { topics: { in: topicIds } } : { section: { equals: article.section } }
  const result = await cmsQuery<Paginated<ArticleCard>>('/articles', {
    where: { and: { 0: PUBLISHED, 1: scope, 2: { id: { not_equals: article.id } } } },
    sort: '-publishedAt',
    limit,
    depth: 0,
    select: fields('title', 'slug', 'section', 'publishedAt'),
  })
  return result.docs
}

export type TopicDetail = Pick<Topic, 'id' | 'name' | 'slug' | 'description'>

export async function listAllTopics(): Promise<TopicDetail[]> {
  const result = await cmsQuery<Paginated<TopicDetail>>('/topics', {
    limit: 200,
    depth: 0,
    sort: 'order',
    select: fields('name', 'slug', 'description'),
  })
  return result.docs
}

export async function getTopicBySlug(slug: string): Promise<TopicDetail | null> {
  const result = await cmsQuery<Paginated<TopicDetail>>('/topics', {
    where: { slug: { equals: slug } },
    limit: 1,
    depth: 0,
    // No count query: one SQL statement for the lookup.
    pagination: false,
    select: fields('name', 'slug', 'description'),
  })
  return result.docs[0] ?? null
}

export type PageDetail = Pick<Page, 'id' | 'title' | 'slug' | 'summary' | 'content' | 'meta' | 'updatedAt'>

export async function getPageBySlug(slug: string): Promise<PageDetail | null> {
  const result = await cmsQuery<Paginated<PageDetail>>('/pages', {
    where: { slug: { equals: slug } },
    limit: 1,
    depth: 1,
    populate: { articles: fields('title', 'slug'), pages: fields('title', 'slug') },
    select: fields('title', 'slug', 'summary', 'content', 'meta', 'updatedAt'),
  })
  return result.docs[0] ?? null
}

export type SiteSettings = Pick<
  SiteSetting,
  'siteName' | 'description' | 'contact' | 'footer' | 'navigation' | 'weiboUrl'
>

const FALLBACK_SETTINGS: SiteSettings = { siteName: '普陀区科技企业联合会', description: null, navigation: [] }

let settingsCache: { value: SiteSettings; expires: number; generation: unknown } | undefined
let settingsInFlight: { generation: unknown; promise: Promise<SiteSettings> } | undefined

/**
 * Bumped by the response cache (site/server/response-cache.js) whenever content
 * changes: a page re-rendered after a purge must not be built from settings
 * fetched before it (docs/decisions/006).
 */
const contentGeneration = () => (globalThis as Record<symbol, unknown>)[Symbol.for('newsroom.contentGeneration')]

/**
 * Every page shows the header and footer, so settings are kept for one
 * second: a change in the admin shows within the SPEC's one-second promise,
 * and a busy site asks the CMS about once a second, not once a request.
 */
export async function getSiteSettings(): Promise<SiteSettings> {
  const generation = contentGeneration()
  if (settingsCache && settingsCache.expires > Date.now() && settingsCache.generation === generation) {
    return settingsCache.value
  }
  if (settingsInFlight && settingsInFlight.generation === generation) return settingsInFlight.promise
  const promise = cmsQuery<SiteSettings>('/globals/site-settings', {
    depth: 0,
    select: fields('siteName', 'description', 'contact', 'footer', 'navigation', 'weiboUrl'),
  })
    .then((value) => {
      const fresh = { ...FALLBACK_SETTINGS, ...value }
      settingsCache = { value: fresh, expires: Date.now() + 1000, generation }
      return fresh
    })
    .finally(() => {
      if (settingsInFlight?.promise === promise) settingsInFlight = undefined
    })
  settingsInFlight = { generation, promise }
  return promise
}

/**
 * A signed preview token's draft; null when the token is invalid, expired or the article gone.
 * Throws CmsRateLimitedError when this reader sent too many refused tokens.
 */
export async function getPreviewArticle(token: string, clientAddress?: string | null): Promise<ArticleDetail | null> {
  const url = new URL('/api/articles/preview', env.CMS_INTERNAL_URL)
  url.searchParams.set('token', token)
  let response: CmsReply
  try {
    response = await callCms(url, { headers: { ...CMS_REQUEST_HEADERS, ...readerHeaders(clientAddress) } })
  } catch (error) {
    throw new CmsUnavailableError(`CMS unreachable at ${env.CMS_INTERNAL_URL}: ${(error as Error).message}`)
  }
  if (response.status === 429) throw new CmsRateLimitedError(retryAfterOf(response))
  if (response.status === 400 || response.status === 403 || response.status === 404) return null
  if (!response.ok) throw new CmsUnavailableError(`CMS answered ${response.status} for ${url.pathname}`)
  return response.json<{ doc: ArticleDetail }>().doc
}

/* ---------------------------------------------------------------------------
 * Search, feeds and sitemaps: the CMS's custom endpoints (cms/src/endpoints).
 * ------------------------------------------------------------------------- */

/** For endpoints whose 4xx answers carry meaning (a query that cannot be searched): status and body, never thrown. */
async function cmsEndpoint<T>(
  path: string,
  query: Record<string, string | number | undefined>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; retryAfter: number | null }> {
  const url = new URL(`/api${path}`, env.CMS_INTERNAL_URL)
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value))
  let response: CmsReply
  try {
    response = await callCms(url, { headers: { ...CMS_REQUEST_HEADERS, ...headers } })
  } catch (error) {
    throw new CmsUnavailableError(`CMS unreachable at ${env.CMS_INTERNAL_URL}: ${(error as Error).message}`)
  }
  if (response.status >= 500) throw new CmsUnavailableError(`CMS answered ${response.status} for ${url.pathname}`)
  const retryAfter = response.status === 429 ? retryAfterOf(response) : null
  return { status: response.status, body: response.json<T>(), retryAfter }
}

export type CmsError = { errors: { message: string }[]; code: string }

export type SearchHit = Pick<Article, 'id' | 'title' | 'slug' | 'section' | 'summary' | 'publishedAt'> & {
  /** Escaped title, matches in <mark>. */
  titleHtml: string
  /** Escaped excerpt around the matches, matches in <mark>. */
  snippetHtml: string
  /** Policy interpretations: the original's standing (policy lifecycle). */
  policyStatus?: PolicyStatus | null
}

export type SearchResults = {
  docs: SearchHit[]
  /** Counted up to 1,000; `totalDocsExact` is false past that ("1000 多篇"). */
  totalDocs: number
  totalDocsExact: boolean
  page: number
  limit: number
  totalPages: number
  query: string
  terms: string[]
  section: Article['section'] | null
  tookMs: number
}

export type SearchOutcome =
  | { ok: true; results: SearchResults }
  | { ok: false; status: number; code: string; message: string; retryAfter: number | null }

/**
 * Full-text search (`GET /api/search`) for the reader at `clientAddress` (the CMS
 * limits searches per reader); a query the CMS cannot search, or a reader over
 * the limit (status 429, `retryAfter` seconds), comes back as its Chinese message.
 */
export async function searchArticles({
  q,
  page = 1,
  section,
  limit = 10,
  clientAddress,
}: {
  q: string
  page?: number
  section?: Article['section']
  limit?: number
  clientAddress?: string | null
}): Promise<SearchOutcome> {
  const { status, body, retryAfter } = await cmsEndpoint<SearchResults | CmsError>(
    '/search',
    { q, page, section, limit },
    readerHeaders(clientAddress),
  )
  if (status === 200) return { ok: true, results: body as SearchResults }
  const error = body as CmsError
  return {
    ok: false,
    status,
    code: error.code ?? 'UNKNOWN',
    message: error.errors?.[0]?.message ?? '搜索失败，请稍后再试。',
    retryAfter,
  }
}

export type FeedScopeQuery = { section?: Article['section']; topic?: string }

export type FeedScope =
  | { kind: 'site' }
  | { kind: 'section'; section: Article['section']; label: string }
  | { kind: 'topic'; topic: Pick<Topic, 'id' | 'name' | 'slug' | 'description'> }

export type FeedItem = Pick<
  Article,
  'id' | 'title' | 'slug' | 'section' | 'summary' | 'content' | 'publishedAt' | 'updatedAt' | 'bylines'
> & {
  heroImage: Media | null
  topics: Pick<Topic, 'id' | 'name' | 'slug'>[]
  policyStatus?: PolicyStatus | null
}

export type FeedItems = {
  scope: FeedScope
  site: { name: string; description: string | null } | null
  /** Newest change to anything the feed shows or to any article in its scope. */
  lastModified: string | null
  items: FeedItem[]
}

/** The newest published articles of the site, a section or a topic, bodies populated (`GET /api/feed-items`); null for an unknown scope. */
export async function getFeedItems(scope: FeedScopeQuery, limit = 20): Promise<FeedItems | null> {
  const { status, body } = await cmsEndpoint<FeedItems | CmsError>('/feed-items', { ...scope, limit })
  if (status === 404) return null
  if (status !== 200) throw new CmsUnavailableError(`CMS answered ${status} for /api/feed-items`)
  return body as FeedItems
}

export type SiteIndex = {
  site: { name: string; description: string | null } | null
  sections: { value: Article['section']; label: string; lastModified: string | null }[]
  topics: (Pick<Topic, 'slug' | 'name' | 'description'> & { slug: string; updatedAt: string })[]
  pages: { slug: string; title: string; updatedAt: string }[]
  archive: { year: number; month: number; lastModified: string }[]
  /** `total` only with `full` (the sitemap): counting reads every published article. */
  articles: { total: number | null; lastModified: string | null }
}

/**
 * Everything sitemaps and the OPML list name, except the articles (`GET /api/site-index`).
 * `full` adds the archive months and the article count, which read every published article.
 */
export async function getSiteIndex({ full = false }: { full?: boolean } = {}): Promise<SiteIndex> {
  const { status, body } = await cmsEndpoint<SiteIndex>('/site-index', { full: full ? 'true' : undefined })
  if (status !== 200) throw new CmsUnavailableError(`CMS answered ${status} for /api/site-index`)
  return body
}

/** One page of published articles for a sitemap, oldest first; null past the last page. */
export async function listSitemapArticles(
  page: number,
  limit: number,
): Promise<{ slug: string; updatedAt: string }[] | null> {
  const { status, body } = await cmsEndpoint<{ docs: { slug: string; updatedAt: string }[] }>('/site-index/articles', {
    page,
    limit,
  })
  if (status === 404) return null
  if (status !== 200) throw new CmsUnavailableError(`CMS answered ${status} for /api/site-index/articles`)
  return body.docs
}

/** The current slug of a published article, by id: feed GUIDs (/articles/id/:id) resolve through it. */
export async function getPublishedSlugById(id: number): Promise<string | null> {
  const result = await cmsGetOrNull<Pick<Article, 'slug' | '_status'>>(`/articles/${id}`, {
    depth: 0,
    select: fields('slug', '_status'),
  })
  return result?._status === 'published' && result.slug ? result.slug : null
}

/** The first and last year anything was published, for the archive's year list. */
export async function getPublishedYearRange(): Promise<{ first: number; last: number } | null> {
  const edge = (sort: string) =>
    cmsQuery<Paginated<Pick<Article, 'publishedAt'>>>('/articles', {
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

export async function countArticles(filter: ArticleListFilter): Promise<number> {
  const result = await cmsQuery<{ totalDocs: number }>('/articles/count', { where: articleWhere(filter) })
  return result.totalDocs
}

/** Articles per month of a Shanghai year (index 0 = January), in one statement (`GET /api/article-counts`). */
export async function countArticlesByMonth(
  year: number,
  monthStart: (year: number, month: number) => string,
): Promise<number[]> {
  const bounds = [...Array.from({ length: 12 }, (_, i) => monthStart(year, i + 1)), monthStart(year + 1, 1)]
  const { status, body } = await cmsEndpoint<{ counts: number[] }>('/article-counts', { bounds: bounds.join(',') })
  if (status !== 200) throw new CmsUnavailableError(`CMS answered ${status} for /api/article-counts`)
  return body.counts
}

/* ---------------------------------------------------------------------------
 * Subscriptions: the public sign-up flow's calls to the CMS's
 * /api/subscriptions/* endpoints (typed in features/subscriptions/subscriptions.server.ts).
 * The reader's address travels in a header the CMS trusts only with the shared secret.
 * ------------------------------------------------------------------------- */

export type SubscriptionApiReply = { status: number; body: unknown; retryAfter: string | null }

export async function callSubscriptionApi(
  method: 'GET' | 'POST',
  action: 'subscribe' | 'token' | 'confirm' | 'manage' | 'unsubscribe',
  { body, query, clientAddress }: { body?: unknown; query?: Record<string, string>; clientAddress: string | null },
): Promise<SubscriptionApiReply> {
  const url = new URL(`/api/subscriptions/${action}`, env.CMS_INTERNAL_URL)
  for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value)
  const headers: Record<string, string> = { ...CMS_REQUEST_HEADERS, ...readerHeaders(clientAddress) }
  if (body !== undefined) headers['content-type'] = 'application/json'
  let response: CmsReply
  try {
    response = await callCms(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch (error) {
    throw new CmsUnavailableError(`CMS unreachable at ${env.CMS_INTERNAL_URL}: ${(error as Error).message}`)
  }
  if (response.status >= 500) throw new CmsUnavailableError(`CMS answered ${response.status} for ${url.pathname}`)
  const text = response.text()
  let parsed: unknown = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {}
  return { status: response.status, body: parsed, retryAfter: response.headers.get('retry-after') }
}

/** 点击量 of one article, or null when it cannot be had within 300 ms: a counter must never fail or slow a page. */
export async function getArticleViews(id: number): Promise<number | null> {
  try {
    const result = await cmsGetOrNull<Record<string, number>>('/articles/views', { ids: String(id) }, 300)
    return result?.[String(id)] ?? null
  } catch {
    return null
  }
}
