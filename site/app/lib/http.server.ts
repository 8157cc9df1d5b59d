import type { HeadersFunction } from '@remix-run/node'

/**
 * Pages change the moment an editor publishes (SPEC: within one second), so
 * browsers revalidate every time (a 304 from the site's cache is cheap), and a
 * CDN may hold a page one second and serve it a little longer while it
 * refetches (docs/decisions/006). `public` is also what lets the site's own
 * response cache store the page.
 */
const PUBLIC_PAGE_CACHE = 'public, max-age=0, s-maxage=1, stale-while-revalidate=30'
/** Previews show unpublished drafts: nobody keeps them, search engines never index them. */
export const PRIVATE_NO_STORE = 'private, no-store'

/** For routes' `headers` export: the route's own loader headers win, else public revalidation. */
export const pageHeaders: HeadersFunction = ({ loaderHeaders, errorHeaders }) => {
  const headers = new Headers()
  const source = errorHeaders ?? loaderHeaders
  headers.set('Cache-Control', source.get('Cache-Control') ?? (errorHeaders ? 'no-store' : PUBLIC_PAGE_CACHE))
  // A 429 page tells browsers and crawlers when to come back.
  for (const name of ['X-Robots-Tag', 'Retry-After']) {
    const value = source.get(name)
    if (value) headers.set(name, value)
  }
  return headers
}

/** A 429's headers: when to retry, and never kept by any cache (the next request may well be allowed). */
export function rateLimitedHeaders(retryAfterSeconds: number): Record<string, string> {
  return { 'Retry-After': String(retryAfterSeconds), 'Cache-Control': 'no-store' }
}
