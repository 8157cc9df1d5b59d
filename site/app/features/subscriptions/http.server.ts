import type { HeadersFunction } from '@remix-run/node'

/**
 * Pages that carry a personal token (confirm, manage, unsubscribe) and every
 * form answer: never stored by a browser or a shared cache, never indexed, and
 * the token never leaks to another site through Referer.
 */
export const PRIVATE_PAGE_HEADERS = {
  'Cache-Control': 'private, no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
}

/** For the routes' `headers` export: the private headers, plus Retry-After from a 429. */
export const subscriptionHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders, errorHeaders }) => {
  const headers = new Headers(PRIVATE_PAGE_HEADERS)
  const retryAfter =
    actionHeaders.get('Retry-After') ?? loaderHeaders.get('Retry-After') ?? errorHeaders?.get('Retry-After')
  if (retryAfter) headers.set('Retry-After', retryAfter)
  return headers
}

export function withRetryAfter(retryAfter: string | null): Record<string, string> {
  return retryAfter ? { ...PRIVATE_PAGE_HEADERS, 'Retry-After': retryAfter } : PRIVATE_PAGE_HEADERS
}
