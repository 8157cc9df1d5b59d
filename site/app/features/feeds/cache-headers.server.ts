import { createHash } from 'node:crypto'

/**
 * Validators and freshness for feeds, sitemaps and other generated files.
 * Readers revalidate every time (cheap: a 304 carries no body); shared caches
 * may hold a copy for a second, the SPEC's freshness promise, and serve it a
 * little longer while they refetch.
 */
const FEED_CACHE_CONTROL = 'public, max-age=0, s-maxage=1, stale-while-revalidate=30'
/** Sitemaps and robots.txt are for crawlers, which come back hours later anyway. */
export const CRAWLER_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=3600'

/** A strong validator: the SHA-256 of the exact bytes sent. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`
}

/** HTTP dates have whole seconds; compare at that precision. */
const seconds = (date: Date) => Math.floor(date.getTime() / 1000)

/**
 * RFC 9110 §13.1: If-None-Match (weak comparison, `*` matches anything) when
 * present decides alone; else If-Modified-Since against Last-Modified.
 */
export function isNotModified(
  headers: Headers,
  { etag, lastModified }: { etag: string; lastModified: Date | null },
): boolean {
  const ifNoneMatch = headers.get('if-none-match')
  if (ifNoneMatch !== null) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag))
  }
  const ifModifiedSince = headers.get('if-modified-since')
  if (ifModifiedSince === null || !lastModified) return false
  const since = Date.parse(ifModifiedSince)
  if (Number.isNaN(since)) return false
  return seconds(lastModified) <= Math.floor(since / 1000)
}

/**
 * The answer to a GET/HEAD of a generated document: 200 with validators, or
 * 304 with the same validators and no body when the client's copy is current.
 */
export function conditionalResponse(
  request: Request,
  body: string,
  {
    contentType,
    lastModified = null,
    cacheControl = FEED_CACHE_CONTROL,
    extraHeaders = {},
  }: { contentType: string; lastModified?: Date | null; cacheControl?: string; extraHeaders?: Record<string, string> },
): Response {
  const etag = etagOf(body)
  const headers = new Headers({ 'Cache-Control': cacheControl, ETag: etag, Vary: 'Accept-Encoding', ...extraHeaders })
  if (lastModified && !Number.isNaN(lastModified.getTime())) headers.set('Last-Modified', lastModified.toUTCString())
  if (isNotModified(request.headers, { etag, lastModified })) return new Response(null, { status: 304, headers })
  headers.set('Content-Type', contentType)
  headers.set('X-Content-Type-Options', 'nosniff')
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers })
}
