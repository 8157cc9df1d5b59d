import { Agent, request } from 'undici'

/**
 * HTTP to the CMS for every call in cms.server.ts, through undici's `request`
 * rather than the global `fetch`. Both are undici; `fetch` adds the WHATWG
 * layers (Request/Response objects, web streams, an abort signal per call)
 * that a JSON call on a private link never uses: measured side by side on
 * uncached article pages they were a tenth of the site's CPU per page, about
 * twice what `request` costs (docs/decisions/006, amendment 2).
 */

/** Keep-alive connections to the CMS, shared by every call of this process. */
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 })

export type CmsReply = {
  status: number
  ok: boolean
  headers: { get(name: string): string | null }
  /** The body as text; read in full before the reply is returned, so no connection waits on an unread body. */
  text(): string
  json<T>(): T
}

export type CmsCall = {
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  /** Bound on waiting for the answer's headers and, separately, on its body: a CMS that accepts but never answers must not hold a page. */
  timeoutMs?: number
}

/** Throws (a network error, a refused connection, a timeout) when there is no answer at all; any status is an answer. */
export async function callCms(url: URL, { method = 'GET', headers, body, timeoutMs = 10_000 }: CmsCall = {}) {
  const response = await request(url, {
    method,
    headers,
    body,
    dispatcher: agent,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  })
  const text = await response.body.text()
  const status = response.statusCode
  const reply: CmsReply = {
    status,
    ok: status >= 200 && status < 300,
    headers: {
      get(name) {
        const value = response.headers[name.toLowerCase()]
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
      },
    },
    text: () => text,
    json: <T>() => JSON.parse(text) as T,
  }
  return reply
}
