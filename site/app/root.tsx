import { FEDERATION_NAME } from '@newsroom/cms/federation'
import type { LinksFunction, MetaFunction } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { feedLinks } from '~/features/feeds/feed-links'
import { getSiteSettings } from '~/lib/cms/settings.server'
import { GeneralErrorBoundary } from './components/error-boundary'
import { SiteFooter } from './components/site-footer'
import { SiteHeader } from './components/site-header'
import enhanceScript from './enhance/enhance.js?url'
import suggestScript from './enhance/suggest.js?url'
import { env } from './lib/env.server'
import { type FeedLink, pageHydrates, type RouteHandle } from './lib/route-handle'
import { useScriptNonce } from './lib/script-nonce'
import { errorMeta } from './lib/seo'
import styles from './styles/site.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

/** Only for errors no route caught (unmatched or undecodable URLs): every page route has its own meta. */
export const meta: MetaFunction = ({ error, matches }) => (error ? errorMeta(matches, error) : [])

export async function loader() {
  const site = await getSiteSettings()
  return { siteUrl: env.SITE_URL, site }
}

export const handle: RouteHandle = {
  feeds: ({ siteName }) => feedLinks({ kind: 'site' }, siteName),
}

type Match = ReturnType<typeof useMatches>[number]
const handleOf = (match: Match) => (match.handle ?? {}) as RouteHandle

function collectFeeds(matches: Match[], siteName: string, siteUrl: string): FeedLink[] {
  const seen = new Set<string>()
  const feeds: FeedLink[] = []
  // The most specific route's feeds (a section's, a topic's) first: readers subscribe to the first one offered.
  // Within one route its own order stands (RSS before Atom and JSON Feed).
  for (const match of [...matches].reverse()) {
    for (const feed of handleOf(match).feeds?.({ data: match.data, params: match.params, siteName }) ?? []) {
      const href = feed.href.startsWith('/') ? `${siteUrl}${feed.href}` : feed.href
      if (seen.has(href)) continue
      seen.add(href)
      feeds.push({ ...feed, href })
    }
  }
  return feeds
}

export function Layout({ children }: { children: ReactNode }) {
  const matches = useMatches()
  // Marks Remix's inline scripts for hashing into the CSP; the marker itself never reaches the reader.
  const nonce = useScriptNonce()
  const data = useRouteLoaderData<typeof loader>('root')
  const site = data?.site
  const siteName = site?.siteName ?? FEDERATION_NAME
  // Content pages need no React in the browser; a route opts in with `handle.hydrate`.
  // Links are plain <a> throughout: without hydration Remix's <Link> would only add router work to each render.
  const hydrate = pageHydrates(matches.map((m) => m.handle))
  let navPath: string | null = null
  for (const match of matches) navPath = handleOf(match).navPath?.(match.data) ?? navPath
  return (
    // The enhancement script sets data-font/data-contrast before React could hydrate.
    <html lang="zh-CN" data-font="1" suppressHydrationWarning>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b4f9c" />
        <meta name="format-detection" content="telephone=no" />
        <Meta />
        <Links />
        {collectFeeds(matches, siteName, data?.siteUrl ?? '').map((feed) => (
          <link key={feed.href} rel="alternate" type={feed.type} title={feed.title} href={feed.href} />
        ))}
        <script type="module" src={enhanceScript} data-suggest-src={suggestScript} />
      </head>
      <body>
        <a className="skip-link" href="#main">
          跳到正文
        </a>
        <SiteHeader site={site} sectionHint={navPath} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter site={site} />
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
