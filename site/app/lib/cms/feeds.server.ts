import type { FeedItems, FeedScopeQuery, SiteIndex } from '@newsroom/cms/contract'
import { requireSiteApi, siteApi } from './transport.server'

/** Feeds, sitemaps and the OPML list: the CMS's site endpoints (cms/src/endpoints/feedItems.ts, siteIndex.ts). */

/** The newest published articles of the site, a section or a topic, bodies populated (`GET /api/feed-items`); null for an unknown scope. */
export function getFeedItems(scope: FeedScopeQuery, limit = 20): Promise<FeedItems | null> {
  return siteApi('/feed-items', { ...scope, limit })
}

/**
 * Everything sitemaps and the OPML list name, except the articles (`GET /api/site-index`).
 * `full` adds the archive months and the article count, which read every published article.
 */
export function getSiteIndex({ full = false }: { full?: boolean } = {}): Promise<SiteIndex> {
  return requireSiteApi('/site-index', { full: full ? 'true' : undefined })
}

/** One page of published articles for a sitemap, oldest first; null past the last page. */
export async function listSitemapArticles(
  page: number,
  limit: number,
): Promise<{ slug: string; updatedAt: string }[] | null> {
  const body = await siteApi('/site-index/articles', { page, limit })
  return body?.docs ?? null
}
