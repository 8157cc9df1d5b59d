import type { Endpoint } from 'payload'
import { isSection } from '../collections/Articles/sections'
import { env } from '../lib/env'
import { callerAddressKey, isLoopbackKey } from '../lib/internalApi'
import { hitRateLimit } from '../lib/rateLimit'
import { parseSearchQuery } from '../search/query'
import { searchArticles } from '../search/searchIndex'
import { answer, intParam, isInputError, jsonError, rateLimited } from './respond'

/** Deep paging in full-text results is a crawler, not a reader. */
const MAX_PAGE = 100

/**
 * `GET /api/search?q=&page=&limit=&section=` — Chinese full-text search over
 * published articles. 200 `{ docs: [{ id, title, slug, section, publishedAt,
 * summary, titleHtml, snippetHtml }], totalDocs, totalDocsExact, page, limit, totalPages,
 * query, terms, section, tookMs }`; `titleHtml`/`snippetHtml` are escaped text
 * with <mark> around matches. 400 `{ errors: [{ message }], code }` for a query
 * that cannot be searched (EMPTY_QUERY, QUERY_TOO_LONG, NO_SEARCHABLE_WORDS,
 * UNSEARCHABLE_QUERY) or a bad INVALID_PAGE / INVALID_LIMIT / INVALID_SECTION.
 * 429 RATE_LIMITED with Retry-After past SEARCH_RATE_LIMIT searches a minute from
 * one reader address (the site forwards the reader's, lib/internalApi.ts): every
 * search is a full-text query, and crawlers page through them. Processes on
 * this host (the bench, checks) are not limited.
 */
export const searchEndpoint: Endpoint = {
  path: '/search',
  method: 'get',
  handler: async (req) => {
    const started = performance.now()
    const params = req.searchParams
    const parsed = parseSearchQuery(params.get('q') ?? '')
    if (!parsed.ok) return jsonError(400, parsed.code, parsed.message)
    const page = intParam(params.get('page'), 1, MAX_PAGE)
    if (page === null) return jsonError(400, 'INVALID_PAGE', `页码应为 1 到 ${MAX_PAGE} 之间的整数。`)
    const limit = intParam(params.get('limit'), 10, 50)
    if (limit === null) return jsonError(400, 'INVALID_LIMIT', '每页条数应为 1 到 50 之间的整数。')
    const section = params.get('section') || null
    if (section !== null && !isSection(section)) return jsonError(400, 'INVALID_SECTION', '没有这个栏目。')
    const caller = callerAddressKey(req.headers)
    if (env.SEARCH_RATE_LIMIT > 0 && !isLoopbackKey(caller)) {
      const verdict = await hitRateLimit(req.payload, `search:${caller}`, {
        limit: env.SEARCH_RATE_LIMIT,
        windowSeconds: 60,
      })
      if (!verdict.allowed) {
        return rateLimited(verdict.retryAfterSeconds, `搜索过于频繁，请 ${verdict.retryAfterSeconds} 秒后再试。`)
      }
    }

    try {
      const results = await searchArticles(req.payload, parsed, { page, limit, section })
      return answer('/search', { ...results, tookMs: Math.round(performance.now() - started) })
    } catch (error) {
      if (isInputError(error)) return jsonError(400, 'UNSEARCHABLE_QUERY', '这个搜索词无法识别，请换一个词试试。')
      req.payload.logger.error({ err: error, msg: 'search failed' })
      return jsonError(503, 'SEARCH_UNAVAILABLE', '搜索暂时不可用，请稍后再试。')
    }
  },
}
