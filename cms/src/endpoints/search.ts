import type { Endpoint, PayloadRequest } from 'payload'
import { isSection } from '../collections/Articles/sections'
import type { PolicyStatus, Section } from '../contract'
import { POLICY_STATUSES } from '../fields/policySource'
import { env } from '../lib/env'
import { callerAddressKey, isLoopbackKey } from '../lib/internalApi'
import { hitRateLimit } from '../lib/rateLimit'
import { searchTopics } from '../search/memoryStore'
import { parseSearchQuery } from '../search/query'
import { type SearchOptions, SearchWarmingError, searchArticles, suggestTitles } from '../search/searchArticles'
import { answer, intParam, isInputError, jsonError, rateLimited } from './respond'

/** Every result is reachable page by page (issue 15); past this the number is not a page. */
const MAX_PAGE = 1_000_000
const STATUS_VALUES = new Set<string>(POLICY_STATUSES)
const MAX_SUGGESTIONS = 8

/** The reader's address over the limit: a 429 Response, else null. Processes on this host are not limited. */
async function overLimit(req: PayloadRequest, bucket: string, limit: number): Promise<Response | null> {
  const caller = callerAddressKey(req.headers)
  if (limit <= 0 || isLoopbackKey(caller)) return null
  const verdict = await hitRateLimit(req.payload, `${bucket}:${caller}`, { limit, windowSeconds: 60 })
  if (verdict.allowed) return null
  return rateLimited(verdict.retryAfterSeconds, `搜索过于频繁，请 ${verdict.retryAfterSeconds} 秒后再试。`)
}

/** The filters of `?section=&topic=&year=&status=`, or a 400 Response naming the bad one. */
async function readFilters(req: PayloadRequest): Promise<Omit<SearchOptions, 'page' | 'limit'> | Response> {
  const params = req.searchParams
  const section = params.get('section') || null
  if (section !== null && !isSection(section)) return jsonError(400, 'INVALID_SECTION', '没有这个栏目。')
  const topicSlug = params.get('topic') || null
  let topic: SearchOptions['topic'] = null
  if (topicSlug !== null) {
    const found = (await searchTopics(req.payload)).find((t) => t.slug === topicSlug)
    if (!found) return jsonError(400, 'INVALID_TOPIC', '没有这个专题。')
    topic = { id: found.id, slug: found.slug }
  }
  const yearText = params.get('year') || null
  const year = yearText === null ? null : intParam(yearText, 0, 9999)
  if (year === null && yearText !== null) return jsonError(400, 'INVALID_YEAR', '年份应为四位数字，例如 2016。')
  const status = params.get('status') || null
  if (status !== null && !STATUS_VALUES.has(status))
    return jsonError(400, 'INVALID_STATUS', '政策状态应为 valid、amended 或 repealed。')
  return { section: section as Section | null, topic, year, status: status as PolicyStatus | null }
}

function searchFailed(req: PayloadRequest, error: unknown): Response {
  if (error instanceof SearchWarmingError) {
    const response = jsonError(503, 'SEARCH_WARMING', '搜索正在准备中，请几秒后再试。')
    response.headers.set('Retry-After', '3')
    return response
  }
  if (isInputError(error)) return jsonError(400, 'UNSEARCHABLE_QUERY', '这个搜索词无法识别，请换一个词试试。')
  req.payload.logger.error({ err: error, msg: 'search failed' })
  return jsonError(503, 'SEARCH_UNAVAILABLE', '搜索暂时不可用，请稍后再试。')
}

/**
 * `GET /api/search?q=&page=&limit=&section=&topic=&year=&status=` — Chinese
 * full-text search over published articles (docs/decisions/016): characters
 * anywhere in title, summary, facts or body; 繁体 searched as 简体; a query of
 * Latin letters also as pinyin of titles and topic names. 200 `SearchResults`
 * (contract): the page's hits best first (`titleHtml`/`snippetHtml` are escaped
 * text with <mark> around matches), the exact total, and `facets` — counts for
 * every section, topic, year and policy status with the other filters applied.
 * `topic` is a topic's slug, `year` a Shanghai calendar year, `status` a policy
 * original's standing (valid, amended, repealed). 400 `{ errors: [{ message }],
 * code }` for a query that cannot be searched (EMPTY_QUERY, QUERY_TOO_LONG,
 * TOO_MANY_WORDS, NO_SEARCHABLE_WORDS) or a bad INVALID_PAGE / INVALID_LIMIT /
 * INVALID_SECTION / INVALID_TOPIC / INVALID_YEAR / INVALID_STATUS. 429
 * RATE_LIMITED with Retry-After past SEARCH_RATE_LIMIT searches a minute from
 * one reader address (the site forwards the reader's, lib/internalApi.ts);
 * processes on this host (the bench, checks) are not limited. 503
 * SEARCH_WARMING for filters in the first seconds after a start.
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
    if (page === null) return jsonError(400, 'INVALID_PAGE', '页码应为正整数。')
    const limit = intParam(params.get('limit'), 10, 50)
    if (limit === null) return jsonError(400, 'INVALID_LIMIT', '每页条数应为 1 到 50 之间的整数。')
    const refused = await overLimit(req, 'search', env.SEARCH_RATE_LIMIT)
    if (refused) return refused
    try {
      const filters = await readFilters(req)
      if (filters instanceof Response) return filters
      const results = await searchArticles(req.payload, parsed, { page, limit, ...filters })
      return answer('/search', { ...results, tookMs: Math.round(performance.now() - started) })
    } catch (error) {
      return searchFailed(req, error)
    }
  },
}

/**
 * `GET /api/search/suggest?q=` — up to 8 titles for what a reader is typing
 * (the site's search box, with JavaScript): titles holding the text typed so
 * far, the exact text first, then newest; Latin letters also as pinyin. 200
 * `SearchSuggestions`; an input that cannot be searched yet gives an empty list,
 * not an error. Limited per reader like searches, with five times the allowance
 * (one request a few keystrokes).
 */
export const searchSuggestEndpoint: Endpoint = {
  path: '/search/suggest',
  method: 'get',
  handler: async (req) => {
    const started = performance.now()
    const parsed = parseSearchQuery(req.searchParams.get('q') ?? '')
    const refused = await overLimit(req, 'suggest', env.SEARCH_RATE_LIMIT * 5)
    if (refused) return refused
    try {
      const suggestions = parsed.ok ? await suggestTitles(req.payload, parsed, MAX_SUGGESTIONS) : []
      return answer('/search/suggest', { suggestions, tookMs: Math.round(performance.now() - started) })
    } catch (error) {
      return searchFailed(req, error)
    }
  },
}
