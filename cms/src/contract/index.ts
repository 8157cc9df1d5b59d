import type { Article, Document, Media, Page, Topic } from '../payload-types'

/**
 * The contract between the CMS and the public site: what every site-facing
 * endpoint answers (cms/src/endpoints, the Articles collection's preview, the
 * subscription API), built from Payload's generated types so a field renamed
 * in a collection is a type error on both sides. The site imports it as
 * `@newsroom/cms/contract` (types only; nothing here runs).
 */

/** The standing of a policy interpretation's original document (政策效力), cms/src/fields/policySource.ts. */
export type PolicyStatus = NonNullable<NonNullable<Article['policy']>['status']>

export type Paginated<T> = {
  docs: T[]
  totalDocs: number
  totalPages: number
  page: number
  limit: number
  hasNextPage: boolean
  hasPrevPage: boolean
}

export type ArticleListItem = Pick<Article, 'id' | 'title' | 'slug' | 'section' | 'summary' | 'publishedAt'>

export type TopicRef = Pick<Topic, 'id' | 'name' | 'slug'>

/** What lists show: no body, the hero image populated (for cards that show it). */
export type ArticleCard = Pick<Article, 'id' | 'title' | 'slug' | 'section' | 'summary' | 'publishedAt'> & {
  heroImage?: Media | number | null
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

export type HomePageData = {
  featured: ArticleCard[]
  latest: ArticleListItem[]
  sections: Record<Article['section'], ArticleListItem[]>
  topics: TopicDetail[]
}

export type ArticlePageData = {
  article: ArticleDetail | null
  previous: { title: string; slug: string } | null
  next: { title: string; slug: string } | null
  related: ArticleCard[]
  /** When no published article has the slug: the current slug of the one that used to (301). */
  redirectTo: string | null
  /** 点击量 (GET /api/articles/views counts the same); null without an article. */
  views: number | null
}

export type TopicDetail = Pick<Topic, 'id' | 'name' | 'slug' | 'description'>

export type PageDetail = Pick<Page, 'id' | 'title' | 'slug' | 'summary' | 'content' | 'meta' | 'updatedAt'>

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

export type SiteIndex = {
  site: { name: string; description: string | null } | null
  sections: { value: Article['section']; label: string; lastModified: string | null }[]
  topics: (Pick<Topic, 'slug' | 'name' | 'description'> & { slug: string; updatedAt: string })[]
  pages: { slug: string; title: string; updatedAt: string }[]
  archive: { year: number; month: number; lastModified: string }[]
  /** `total` only with `full` (the sitemap): counting reads every published article. */
  articles: { total: number | null; lastModified: string | null }
}
