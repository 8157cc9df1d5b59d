import type { FeedLink } from '~/lib/route-handle'
import { FEED_FORMAT_NAMES, FEED_FORMATS, FEED_TYPES, feedUrlsFor, scopePath } from './feed-urls'

/**
 * The feed URLs pages advertise for autodiscovery: RSS first (the format
 * every reader takes), then Atom and JSON Feed. The URLs themselves are named
 * once, in features/feeds/feed-urls.ts, which the feed routes serve.
 */
export type FeedScope =
  | { kind: 'site' }
  | { kind: 'section'; section: string; label: string }
  | { kind: 'topic'; slug: string; name: string }

export function feedLinks(scope: FeedScope, siteName: string): FeedLink[] {
  const urls = feedUrlsFor(scopePath(scope))
  const title =
    scope.kind === 'site'
      ? siteName
      : scope.kind === 'section'
        ? `${siteName} · ${scope.label}`
        : `${siteName} · 专题：${scope.name}`
  return FEED_FORMATS.map((format) => ({
    href: urls[format],
    title: `${title} ${FEED_FORMAT_NAMES[format]}`,
    type: FEED_TYPES[format],
  }))
}
