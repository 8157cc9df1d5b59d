import type { Params } from '@remix-run/react'

/**
 * What a route may declare in its `handle` export; the root layout reads the
 * handles of all matched routes.
 *
 * - `hydrate`: ship React and hydrate this page. Off by default: content pages
 *   are complete HTML plus one small enhancement script (SPEC: an article page
 *   ships ≤ 20 KB of JavaScript and works without it).
 * - `feeds`: `<link rel="alternate">` feed autodiscovery for this page. The
 *   root contributes the site-wide feeds; a section or topic route adds its
 *   own. `href` may be root-relative: the layout makes it absolute.
 * - `navPath`: which navigation entry is current.
 */
export type FeedLink = {
  href: string
  title: string
  type: 'application/rss+xml' | 'application/atom+xml' | 'application/feed+json'
}

type FeedLinksArgs = { data: unknown; params: Params; siteName: string }

export type RouteHandle = {
  hydrate?: boolean
  feeds?: (args: FeedLinksArgs) => FeedLink[]
  /** The navigation entry to mark current when the URL alone does not say (an article → its section). */
  navPath?: (data: unknown) => string | null | undefined
}

/**
 * Whether a page ships React and its data: when one of its matched routes asks
 * for it, and always under Vite's dev server (the only place import.meta.hot
 * exists), which needs the scripts for hot reload. import.meta.env.DEV would
 * not do: a build run with NODE_ENV=test (vitest) counts as development. The
 * layout decides on the scripts with it, entry.server on the encoded data.
 */
export function pageHydrates(handles: unknown[]): boolean {
  return import.meta.hot !== undefined || handles.some((handle) => (handle as RouteHandle | undefined)?.hydrate)
}
