import type { CmsError, SearchResults, SiteApi } from '@newsroom/cms/contract'
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
  limit = 10,
  clientAddress,
}: {
  q: string
  page?: number
  section?: Article['section']
  limit?: number
  clientAddress?: string | null
}): Promise<SearchOutcome> {
  const path = '/search'
  const response = await requestCms(path, { query: { q, page, section, limit }, headers: readerHeaders(clientAddress) })
  if (response.status >= 500) throw cmsFailed(response.status, path)
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
