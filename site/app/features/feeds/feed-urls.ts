/**
 * Where feeds live, for the feed routes, the OPML list and the autodiscovery
 * links alike. No imports: the page layout ships this to the browser.
 */
export type FeedFormat = 'rss' | 'atom' | 'json'

export const FEED_FORMATS: FeedFormat[] = ['rss', 'atom', 'json']

const FEED_FILES: Record<FeedFormat, string> = { rss: 'feed.xml', atom: 'feed.atom', json: 'feed.json' }

export const FEED_TYPES = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
} as const satisfies Record<FeedFormat, string>

export const FEED_FORMAT_NAMES: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' }

export type FeedScopeRef = { kind: 'site' } | { kind: 'section'; section: string } | { kind: 'topic'; slug: string }

/** Where a scope lives on the site: `''`, `/sections/news`, `/topics/zhishi-chanquan`. */
export function scopePath(scope: FeedScopeRef): string {
  if (scope.kind === 'section') return `/sections/${encodeURIComponent(scope.section)}`
  if (scope.kind === 'topic') return `/topics/${encodeURIComponent(scope.slug)}`
  return ''
}

/** A scope's feed URLs by format: root-relative, or absolute with `siteUrl`. */
export function feedUrlsFor(path: string, siteUrl = ''): Record<FeedFormat, string> {
  return {
    rss: `${siteUrl}${path}/${FEED_FILES.rss}`,
    atom: `${siteUrl}${path}/${FEED_FILES.atom}`,
    json: `${siteUrl}${path}/${FEED_FILES.json}`,
  }
}
