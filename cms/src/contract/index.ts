import type { Article, Document, Media, Page, SiteSetting, Subscriber, Topic } from '../payload-types'

/**
 * The contract between the CMS and the public site: what every site-facing
 * endpoint answers, built from Payload's generated types (payload-types.ts,
 * from the collections, which the migrations follow) so that a field has one
 * type from its column to the page. The CMS's endpoints answer through
 * `SiteApi` (endpoints/respond.ts `answer`), the site's client reads through it
 * (site/app/lib/cms/); rename a field here and both stop compiling.
 *
 * The site imports it as `@newsroom/cms/contract`: types only, nothing here runs.
 */

/** The standing of a policy interpretation's original document (政策效力), cms/src/fields/policySource.ts. */
export type PolicyStatus = NonNullable<NonNullable<Article['policy']>['status']>

export type Section = Article['section']

export type Paginated<T> = {
  docs: T[]
  totalDocs: number
  totalPages: number
  page: number
  limit: number
  hasNextPage: boolean
  hasPrevPage: boolean
}

/** Another article as a page names it: a neighbour, a replacement, what this one replaces. */
export type ArticleLink = { title: string; slug: string }

export type ArticleListItem = Pick<Article, 'id' | 'title' | 'slug' | 'section' | 'summary' | 'publishedAt'>

export type TopicRef = Pick<Topic, 'id' | 'name' | 'slug'>

/** What lists show: no body, the hero image populated (for cards that show it). */
export type ArticleCard = ArticleListItem & { heroImage?: Media | number | null }

/**
 * Everything the article page shows, as REST shapes it at depth 1: body with
 * its uploads and internal links populated, hero, attachments, topics, the
 * policy and park cards, SEO. The live page reads it through SQL
 * (endpoints/articlePage.ts), the preview through findByID
 * (collections/Articles/endpoints/previewArticle.ts); test/site/contract.test.ts
 * holds the two to the same fields and values.
 */
export type ArticleDetail = Pick<
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
  | 'park'
  | 'meta'
> & {
  _status: NonNullable<Article['_status']>
  policy: Omit<NonNullable<Article['policy']>, 'replacedBy'> & {
    /** The published interpretation that replaces this one. */
    replacedBy: ArticleLink | null
  }
  heroImage: Media | null
  attachments: Document[]
  topics: TopicRef[]
  /** The published policy interpretations this one replaces, newest first. */
  replaces: ArticleLink[]
}

/** `GET /api/articles/preview?token=`: an article's latest version, draft included. */
export type PreviewAnswer = { doc: ArticleDetail }

export type TopicDetail = Pick<Topic, 'id' | 'name' | 'slug' | 'description'>

/** `GET /api/home-page?limit=` */
export type HomePageData = {
  featured: ArticleCard[]
  latest: ArticleListItem[]
  sections: Record<Section, ArticleListItem[]>
  topics: TopicDetail[]
}

/** `GET /api/article-page?slug=` */
export type ArticlePageData = {
  article: ArticleDetail | null
  previous: ArticleLink | null
  next: ArticleLink | null
  related: ArticleListItem[]
  /** When no published article has the slug: the current slug of the one that used to (301). */
  redirectTo: string | null
  /** 点击量 (GET /api/articles/views counts the same); null without an article. */
  views: number | null
}

/** `GET /api/article-counts?bounds=`: published articles between consecutive bounds. */
export type ArticleCounts = { counts: number[] }

export type PageDetail = Pick<Page, 'id' | 'title' | 'slug' | 'summary' | 'content' | 'meta' | 'updatedAt'>

/** What every page's header and footer show (REST `GET /api/globals/site-settings`). */
export type SiteSettings = Pick<
  SiteSetting,
  'siteName' | 'description' | 'contact' | 'footer' | 'navigation' | 'weiboUrl'
>

/** Every error of the custom endpoints: Payload's REST shape plus a stable code (endpoints/respond.ts). */
export type CmsError = { errors: { message: string }[]; code: string }

export type SearchHit = ArticleListItem & {
  /** Escaped title, matches in <mark>. */
  titleHtml: string
  /** Escaped excerpt around the matches, matches in <mark>. */
  snippetHtml: string
  /** Policy interpretations: the original's standing (policy lifecycle); null for other sections. */
  policyStatus?: PolicyStatus | null
  /**
   * Why it ranks where it does (best first): the title holds the query as typed,
   * or its words apart; the text holds it as typed, or its characters apart; the
   * query read as pinyin is in the title, or in one of its topics' names. Null
   * when answered by the PostgreSQL fallback.
   */
  rank: 'titlePhrase' | 'title' | 'phrase' | 'scattered' | 'pinyinTitle' | 'pinyinTopic' | null
}

/** One choice of a filter with the number of results it would leave (the other filters applied). */
export type SearchFacetOption<T> = { value: T; label: string; count: number }

export type SearchFacets = {
  section: SearchFacetOption<Section>[]
  /** `value` is the topic's slug. */
  topic: SearchFacetOption<string>[]
  /** Newest first. */
  year: SearchFacetOption<number>[]
  /** Policy interpretations only. */
  status: SearchFacetOption<PolicyStatus>[]
}

/** `GET /api/search?q=&page=&limit=&section=&topic=&year=&status=` */
export type SearchResults = {
  docs: SearchHit[]
  /** Exact; only while a CMS process is still loading its index is it counted up to 1,000 (`totalDocsExact` false past that). */
  totalDocs: number
  totalDocsExact: boolean
  page: number
  limit: number
  /** Pages of ranked results. */
  totalPages: number
  /** The query as searched (normalised; 简体 when it was typed in 繁体). */
  query: string
  /** What the page highlights. */
  terms: string[]
  /** The query as typed, when it was converted from 繁体. */
  convertedFrom: string | null
  section: Section | null
  /** A topic's slug. */
  topic: string | null
  year: number | null
  status: PolicyStatus | null
  /** Counts beside each filter's options; null while the CMS answers through its PostgreSQL fallback. */
  facets: SearchFacets | null
  tookMs: number
}

/** `GET /api/search/suggest?q=` */
export type SearchSuggestion = { title: string; slug: string; titleHtml: string }

export type SearchSuggestions = { suggestions: SearchSuggestion[]; tookMs: number }

/** The query of `GET /api/feed-items`: the whole site, one section or one topic (by slug). */
export type FeedScopeQuery = { section?: Section; topic?: string }

export type FeedScope =
  | { kind: 'site' }
  | { kind: 'section'; section: Section; label: string }
  | { kind: 'topic'; topic: TopicDetail }

export type FeedItem = Pick<
  Article,
  'id' | 'title' | 'slug' | 'section' | 'summary' | 'content' | 'publishedAt' | 'updatedAt' | 'bylines'
> & {
  heroImage: Media | null
  topics: TopicRef[]
  /** Policy interpretations: the original's standing; null for other sections. */
  policyStatus?: PolicyStatus | null
}

export type SiteName = { name: string; description: string | null }

/** `GET /api/feed-items?section=|topic=&limit=` */
export type FeedItems = {
  scope: FeedScope
  site: SiteName | null
  /** Newest change to anything the feed shows or to any article in its scope. */
  lastModified: string | null
  items: FeedItem[]
}

/** `GET /api/site-index[?full=true]` */
export type SiteIndex = {
  site: SiteName | null
  sections: { value: Section; label: string; lastModified: string | null }[]
  topics: { slug: string; name: string; description: string | null; updatedAt: string }[]
  pages: { slug: string; title: string; updatedAt: string }[]
  archive: { year: number; month: number; lastModified: string }[]
  /** `total` only with `full` (the sitemap): counting reads every published article. */
  articles: { total: number | null; lastModified: string | null }
}

/** `GET /api/site-index/articles?page=&limit=`: one sitemap page of articles, oldest first. */
export type SitemapArticles = { page: number; limit: number; docs: { slug: string; updatedAt: string }[] }

/** `GET /api/health`: 200 when PostgreSQL answers; 503 `{ database: 'unavailable', code }` when not. */
export type CmsHealthAnswer = {
  database: 'ok'
  latencyMs: number
  /** With read replicas (DATABASE_REPLICA_URLS): each one's state as this CMS instance last saw it. */
  replicas?: Array<{ state: 'ok' | 'unavailable' }>
}

/**
 * Every site-facing read endpoint by its path under `/api`, with what it
 * answers (200). The CMS's handlers answer through it and the site's client
 * asks through it, so a path and its answer are named once.
 */
export type SiteApi = {
  '/article-page': ArticlePageData
  '/home-page': HomePageData
  '/article-list': Paginated<ArticleCard>
  '/article-counts': ArticleCounts
  '/articles/preview': PreviewAnswer
  '/search': SearchResults
  '/search/suggest': SearchSuggestions
  '/feed-items': FeedItems
  '/site-index': SiteIndex
  '/site-index/articles': SitemapArticles
  '/health': CmsHealthAnswer
}

/**
 * The public subscription API (cms/src/subscriptions/endpoints.ts), which the
 * site's sign-up, confirm, manage and unsubscribe routes call
 * (site/app/features/subscriptions/subscriptions.server.ts). The site still
 * checks each reply with zod, typed by these, so a rename fails on both sides.
 */
export type SubscriptionView = {
  state: Subscriber['state']
  /** Masked (`a******@example.com`): a link in a forwarded mail shows nobody the whole address. */
  email: string
  topics: Array<{ slug: string; name: string }>
  allTopics: boolean
  frequency: Subscriber['frequency']
}

export type SubscriptionTokenPurpose = 'confirm' | 'manage' | 'unsubscribe'

/** Each action's successful answer (202 for subscribe, 200 for the rest). */
export type SubscriptionApi = {
  subscribe: { ok: true; message: string }
  token: { purpose: SubscriptionTokenPurpose; subscription: SubscriptionView }
  confirm: { subscription: SubscriptionView; manageToken: string }
  manage: { subscription: SubscriptionView; resumed: boolean }
  unsubscribe: { subscription: SubscriptionView }
}

/** Every refusal: 400 field errors, 404/410 a token's problem (`reason`), 429 with `retryAfter` seconds. */
export type SubscriptionProblem = {
  errors: Array<{ field: string; message: string }>
  reason?: 'malformed' | 'unknown' | 'expired' | 'used'
  retryAfter?: number
}
