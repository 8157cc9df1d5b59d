// Which requests may be answered from the response cache, and which responses
// may be stored there. Pure functions: the policy in one place, unit-tested in
// test/performance/response-cache.unit.test.ts. See docs/decisions/006.

/**
 * Paths that are personal or operational even when a route forgets to say so:
 * previews of drafts, the subscription flow (tokens in the URL), liveness.
 */
const NEVER_CACHED_PREFIXES = ['/preview', '/subscribe', '/subscription', '/unsubscribe', '/healthz', '/api']

/**
 * Query parameters that share links pick up (WeChat appends `from`, `isappinstalled`…)
 * and no route reads: without stripping them a burst from one shared link would
 * render once per variant.
 */
const TRACKING_PARAM = /^(utm_[a-z]+|from|isappinstalled|scene|clicktime|enterid|fbclid|gclid|spm)$/i

const MAX_URL_LENGTH = 2048

/**
 * The cache key of a request URL (path and query, tracking parameters removed),
 * or null when the URL must never be served from or stored in the cache.
 * The same string is the URL the page is rendered for, so key and body agree.
 */
export function cacheKey(rawUrl) {
  if (!rawUrl || rawUrl.length > MAX_URL_LENGTH || rawUrl.charCodeAt(0) !== 47 /* / */) return null
  const q = rawUrl.indexOf('?')
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q)
  for (const prefix of NEVER_CACHED_PREFIXES) {
    if (path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === 47)) return null
  }
  if (q === -1) return rawUrl
  // Parsing a query costs more than the rest of a hit; the same few URLs come back all the time.
  const known = keyMemo.get(rawUrl)
  if (known !== undefined) return known
  const params = new URLSearchParams(rawUrl.slice(q + 1))
  for (const name of [...params.keys()]) if (TRACKING_PARAM.test(name)) params.delete(name)
  const query = params.toString()
  const key = query ? `${path}?${query}` : path
  if (keyMemo.size >= 4096) keyMemo.clear()
  keyMemo.set(rawUrl, key)
  return key
}

const keyMemo = new Map()

/**
 * Whether a request may be answered by the shared cache: anonymous GET/HEAD.
 * Any cookie or credential bypasses it: the site sets none for readers today,
 * so a request carrying one is someone the site may treat personally.
 */
export function isCacheableRequest(req) {
  const method = req.method
  if (method !== 'GET' && method !== 'HEAD') return false
  const headers = req.headers
  return headers.cookie === undefined && headers.authorization === undefined
}

const STORABLE_STATUS = new Set([200, 301, 308, 404, 410])

/**
 * Whether a rendered response may be shared with concurrent requests for the
 * same URL (coalescing): nothing personal in it.
 */
export function isShareable(response) {
  if (response.headers.has('set-cookie')) return false
  return !/\bprivate\b/i.test(response.headers.get('cache-control') ?? '')
}

/**
 * Whether a rendered response may be stored: routes opt in with a `public`
 * Cache-Control (pages, feeds, search do; previews, errors and /healthz do not),
 * nothing personal, no variation the cache does not handle.
 */
export function isStorable(response) {
  if (!STORABLE_STATUS.has(response.status)) return false
  if (!isShareable(response)) return false
  const cacheControl = response.headers.get('cache-control') ?? ''
  if (!/\bpublic\b/i.test(cacheControl) || /\bno-store\b|\bno-cache\b/i.test(cacheControl)) return false
  const vary = response.headers.get('vary')
  if (vary?.split(',').some((v) => v.trim().toLowerCase() !== 'accept-encoding')) return false
  return true
}

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison; `*` matches any current representation. */
export function etagMatches(ifNoneMatch, etag) {
  if (ifNoneMatch === etag) return true
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag
  for (const candidate of ifNoneMatch.split(',')) {
    const tag = candidate.trim()
    if (tag === '*' || (tag.startsWith('W/') ? tag.slice(2) : tag) === opaque) return true
  }
  return false
}

const encodingMemo = new Map()

/**
 * The best stored encoding for an Accept-Encoding header: 'br', 'gzip' or
 * 'identity'. Browsers send a handful of distinct strings, so answers are
 * memoised and a hit parses nothing.
 */
export function pickEncoding(acceptEncoding) {
  if (acceptEncoding === undefined) return 'identity'
  let choice = encodingMemo.get(acceptEncoding)
  if (choice !== undefined) return choice
  const q = {}
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';')
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    q[name] = qParam ? Number(qParam.slice(2)) || 0 : 1
  }
  const accepts = (name) => (q[name] ?? q['*'] ?? 0) > 0
  choice = accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : 'identity'
  if (encodingMemo.size < 256) encodingMemo.set(acceptEncoding, choice)
  return choice
}

/** Content types worth compressing (text of every kind; images and PDFs already are). */
export function isCompressible(contentType) {
  return /^(text\/|application\/(json|xml|rss\+xml|atom\+xml|feed\+json|javascript|manifest\+json|xhtml\+xml)|image\/svg\+xml)/i.test(
    contentType ?? '',
  )
}
