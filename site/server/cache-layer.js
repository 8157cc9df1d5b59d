// The response cache on the wire: answers hits synchronously before anything
// else runs, renders misses once per URL through Remix, answers conditional
// requests. server.js calls `tryHit` first and `handle` when it returns false.
import { cacheKey, etagMatches, isCacheableRequest, pickEncoding } from './http-cache-rules.js'
import { EXPIRED, FRESH, STALE } from './response-cache.js'

/** Request headers a shared render must not see: validators and ranges are answered here, per client. */
const PER_CLIENT_HEADERS = new Set([
  'if-none-match',
  'if-modified-since',
  'if-match',
  'if-unmodified-since',
  'if-range',
  'range',
  'cookie',
  'authorization',
])

/**
 * @param {{
 *   cache: import('./response-cache.js').ResponseCache,
 *   renderRemix: (request: Request) => Promise<Response>,
 *   onError?: (error: unknown) => void,
 * }} options
 */
export function createCacheLayer({ cache, renderRemix, onError = console.error }) {
  /** A cache hit answered in full, or false. Synchronous on purpose: no promise, no await on the hot path. */
  function tryHit(req, res) {
    if (!isCacheableRequest(req)) return false
    const key = cacheKey(req.url)
    if (key === null) return false
    const entry = cache.get(key)
    if (entry === undefined || entry.pass) return false
    const state = cache.freshness(entry)
    if (state === EXPIRED) return false
    if (state === STALE) {
      cache.stats.stale++
      revalidate(key, req)
    } else cache.stats.hits++
    send(req, res, entry, state === FRESH ? undefined : 'STALE')
    return true
  }

  function send(req, res, entry, cacheStatus) {
    const headers = req.headers
    const ifNoneMatch = headers['if-none-match']
    if (
      ifNoneMatch !== undefined
        ? etagMatches(ifNoneMatch, entry.etag)
        : entry.lastModified !== undefined && notModifiedSince(headers['if-modified-since'], entry.lastModified)
    ) {
      res.writeHead(304, cacheStatus ? { ...entry.head304, 'x-cache': cacheStatus } : entry.head304)
      res.end()
      return
    }
    const variant = cache.variant(entry, pickEncoding(headers['accept-encoding']))
    res.writeHead(entry.status, cacheStatus ? { ...variant.head, 'x-cache': cacheStatus } : variant.head)
    if (req.method === 'HEAD') res.end()
    else res.end(variant.body)
  }

  function renderRequest(req, key) {
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (PER_CLIENT_HEADERS.has(name) || value === undefined) continue
      if (Array.isArray(value)) for (const v of value) headers.append(name, v)
      else headers.set(name, value)
    }
    // No abort signal: other requests may be waiting on this render after the first client leaves.
    return new Request(`http://${req.headers.host ?? 'localhost'}${key}`, { method: 'GET', headers })
  }

  function revalidate(key, req) {
    if (cache.inflight.has(key)) return
    const stale = cache.get(key)
    // A failed refresh keeps the old page (stale-if-error) and waits a second before the next try.
    const keepStale = () => {
      if (stale && cache.get(key) === stale && cache.usableOnError(stale)) {
        stale.storedAt = Math.max(stale.storedAt, cache.now() - cache.maxAgeMs + 1000)
      }
    }
    cache
      .fill(key, () => renderRemix(renderRequest(req, key)))
      .then(
        (result) => {
          result.response?.body?.cancel().catch(() => {})
          if (!result.entry) keepStale()
        },
        (error) => {
          onError(error)
          keepStale()
        },
      )
  }

  /**
   * A cacheable request that was not a hit: render (coalesced) and answer.
   * Returns false when the request is not the cache's business.
   */
  async function handle(req, res) {
    if (!isCacheableRequest(req)) return false
    const key = cacheKey(req.url)
    if (key === null) return false
    const previous = cache.get(key)
    if (previous?.pass && cache.freshness(previous) !== EXPIRED) return false
    let result
    try {
      result = await cache.fill(key, () => renderRemix(renderRequest(req, key)))
    } catch (error) {
      if (cache.usableOnError(previous)) {
        onError(error)
        send(req, res, previous, 'STALE')
        return true
      }
      throw error
    }
    if (result.entry) {
      send(req, res, result.entry, 'MISS')
      return true
    }
    if (result.shared) {
      if (result.shared.status >= 500 && cache.usableOnError(previous)) {
        send(req, res, previous, 'STALE')
        return true
      }
      const { status, headers, body } = result.shared
      res.statusCode = status
      for (const [name, value] of headers)
        if (name !== 'content-length' && name !== 'content-encoding') res.setHeader(name, value)
      res.setHeader('content-length', body.length)
      res.setHeader('x-cache', 'BYPASS')
      res.end(req.method === 'HEAD' ? undefined : body)
      return true
    }
    if (result.response) {
      await sendFetchResponse(res, result.response, req.method === 'HEAD')
      return true
    }
    return false // { pass: true }: the caller renders this request on its own
  }

  return { tryHit, handle }
}

function notModifiedSince(ifModifiedSince, lastModified) {
  if (ifModifiedSince === undefined) return false
  const since = Date.parse(ifModifiedSince)
  const modified = Date.parse(lastModified)
  return !Number.isNaN(since) && !Number.isNaN(modified) && Math.floor(modified / 1000) <= Math.floor(since / 1000)
}

/** Writes a fetch Response to a node response, Set-Cookie headers kept apart (Headers joins them otherwise). */
export async function sendFetchResponse(res, response, headOnly = false) {
  res.statusCode = response.status
  res.statusMessage = response.statusText
  for (const [key, value] of response.headers) {
    if (key === 'set-cookie') continue
    res.setHeader(key, value)
  }
  const cookies = response.headers.getSetCookie()
  if (cookies.length) res.setHeader('set-cookie', cookies)
  if (!response.body || headOnly) {
    await response.body?.cancel()
    return res.end()
  }
  for await (const chunk of response.body) res.write(chunk)
  res.end()
}
