import type { Endpoint } from 'payload'
import { articleCountsEndpoint, articleListEndpoint } from './articleList'
import { articlePageEndpoint } from './articlePage'
import { feedItemsEndpoint } from './feedItems'
import { healthEndpoint } from './health'
import { homePageEndpoint } from './homePage'
import { searchEndpoint, searchSuggestEndpoint } from './search'
import { siteIndexArticlesEndpoint, siteIndexEndpoint } from './siteIndex'

/** Read-only endpoints the public site calls where REST would need several queries; all serve published content only. */
export const siteEndpoints: Endpoint[] = [
  // The whole article page and home page in one statement each (issue 5's uncached budget; docs/decisions/006).
  articlePageEndpoint,
  homePageEndpoint,
  // Lists (section, topic, archive) and archive month counts, one statement each at any size.
  articleListEndpoint,
  articleCountsEndpoint,
  searchEndpoint,
  searchSuggestEndpoint,
  feedItemsEndpoint,
  siteIndexEndpoint,
  siteIndexArticlesEndpoint,
  // Database reachability for the site's /healthz.
  healthEndpoint,
]
