import type { CmsError, PolicyStatus, SearchResults, SiteApi } from '@newsroom/cms/contract'
import type { Article } from '@newsroom/cms/types'
import { cmsFailed, readerHeaders, requestCms, retryAfterOf } from './transport.server'

export type SearchOutcome =
  | { ok: true; results: SearchResults }
  | { ok: false; status: number; code: string; message: string; retryAfter: number | null }

/**
 * Full-text search (`GET /api/search`) for the reader at `clientAddress` (the CMS
 * limits searches per reader); a query the CMS cannot search, or a reader over
 * the limit (status 429, `retryAfter` seconds), comes back as its Chinese message.
 */
export async function searchArticles({
  q,
  page = 1,
  section,
  topic,
  year,
  status,
  limit = 10,
  clientAddress,
}: {
  q: string
  page?: number
  section?: Article['section']
  topic?: string
  year?: number
  status?: PolicyStatus
  limit?: number
  clientAddress?: string | null
}): Promise<SearchOutcome> {
  const path = '/search'
  const response = await requestCms(path, {
    query: { q, page, section, topic, year, status, limit },
    headers: readerHeaders(clientAddress),
  })
  // 503 SEARCH_WARMING (the CMS's first seconds, with filters) is a message for the reader, not an outage.
  if (response.status >= 500 && !(response.status === 503 && response.json<CmsError>().code === 'SEARCH_WARMING'))
    throw cmsFailed(response.status, path)
  if (response.status === 200) return { ok: true, results: response.json<SiteApi['/search']>() }
  const error = response.json<CmsError>()
  return {
    ok: false,
    status: response.status,
    code: error.code ?? 'UNKNOWN',
    message: error.errors?.[0]?.message ?? '搜索失败，请稍后再试。',
    retryAfter: response.status === 429 ? retryAfterOf(response) : null,
  }
}

/** Title suggestions for what a reader is typing (`GET /api/search/suggest`); none when the CMS cannot answer. */
export async function suggestTitles({
  q,
  clientAddress,
}: {
  q: string
  clientAddress?: string | null
}): Promise<SiteApi['/search/suggest'] | null> {
  const response = await requestCms('/search/suggest', { query: { q }, headers: readerHeaders(clientAddress) })
  return response.status === 200 ? response.json<SiteApi['/search/suggest']>() : null
}
