import type { SiteApi } from '@newsroom/cms/contract'
import { Agent, request } from 'undici'
import { env } from '../env.server'

/**
 * HTTP to the CMS for every call of the site (lib/cms/*), through undici's `request`
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

type CmsCall = {
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  /** Bound on waiting for the answer's headers and, separately, on its body: a CMS that accepts but never answers must not hold a page. */
  timeoutMs?: number
}

/** Throws (a network error, a refused connection, a timeout) when there is no answer at all; any status is an answer. */
async function callCms(url: URL, { method = 'GET', headers, body, timeoutMs = 10_000 }: CmsCall = {}) {
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

export class CmsUnavailableError extends Error {}

/** The CMS refused a reader's request as too frequent (429); pages answer 429 with the same Retry-After. */
export class CmsRateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`CMS rate limit, retry after ${retryAfterSeconds} s`)
  }
}

/** Retry-After in seconds from a CMS answer; a minute when missing or odd. */
export const retryAfterOf = (response: CmsReply) => {
  const seconds = Number(response.headers.get('retry-after'))
  return Number.isInteger(seconds) && seconds > 0 ? seconds : 60
}

/**
 * Every call to the CMS asks for uncompressed JSON. The CMS sits next to the site (loopback or a
 * private network); gzip there cost the CMS a compression and the site a decompression per page,
 * about a tenth of an uncached render's CPU, to save bytes on a link that has them to spare.
 */
const CMS_REQUEST_HEADERS = { accept: 'application/json', 'accept-encoding': 'identity' } as const

/**
 * Headers for calls made on a reader's behalf (search, preview, subscriptions):
 * the reader's address, which the CMS rate-limits on, vouched for by the shared
 * secret (without it the CMS keys on this site's own address).
 */
export function readerHeaders(clientAddress: string | null | undefined): Record<string, string> {
  const headers: Record<string, string> = {}
  if (env.INTERNAL_API_SECRET) headers['x-newsroom-internal'] = env.INTERNAL_API_SECRET
  if (clientAddress) headers['x-newsroom-client-ip'] = clientAddress
  return headers
}

/**
 * The newest WAL position the CMS announced in its content events (server/content-events.js), sent
 * with every call: with read replicas, the CMS reads from a replica only once it has replayed that
 * far (docs/decisions/015). Vouched for by the internal secret, without which the CMS ignores it.
 */
function freshnessHeaders(): Record<string, string> {
  const position = (globalThis as Record<symbol, unknown>)[Symbol.for('newsroom.walPosition')]
  if (typeof position !== 'string' || !env.INTERNAL_API_SECRET) return {}
  return { 'x-newsroom-internal': env.INTERNAL_API_SECRET, 'x-newsroom-min-lsn': position }
}

export type Query = Record<string, string | number | boolean | undefined>

type CmsRequest = Omit<CmsCall, 'headers'> & { query?: Query; headers?: Record<string, string> }

/**
 * The one request to the CMS: `/api<path>` on CMS_INTERNAL_URL, uncompressed
 * JSON asked for, `query` values that are undefined left out. Any status is an
 * answer, for the caller to judge; no answer at all (refused, reset, timed out)
 * throws CmsUnavailableError, which pages turn into 503.
 */
export async function requestCms(path: string, { query = {}, headers, ...call }: CmsRequest = {}): Promise<CmsReply> {
  const url = new URL(`/api${path}`, env.CMS_INTERNAL_URL)
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value))
  try {
    return await callCms(url, { ...call, headers: { ...CMS_REQUEST_HEADERS, ...freshnessHeaders(), ...headers } })
  } catch (error) {
    throw new CmsUnavailableError(`CMS unreachable at ${env.CMS_INTERNAL_URL}: ${(error as Error).message}`, {
      cause: error,
    })
  }
}

/** The error for an answer the page cannot use: the CMS is there but failing (or answered what it never should). */
export const cmsFailed = (status: number, path: string) =>
  new CmsUnavailableError(`CMS answered ${status} for /api${path}`)

/**
 * A GET whose only useful answer is JSON: the body of a 2xx, null for a 404
 * (the resource is not there, which pages show as their own 404), and
 * CmsUnavailableError for anything else.
 */
export async function getJson<T>(path: string, query?: Query): Promise<T | null> {
  const reply = await requestCms(path, { query })
  if (reply.status === 404) return null
  if (!reply.ok) throw cmsFailed(reply.status, path)
  return reply.json<T>()
}

/** Like getJson, for resources that always exist: a 404 too means the CMS is not the one this site expects. */
export async function requireJson<T>(path: string, query?: Query): Promise<T> {
  const body = await getJson<T>(path, query)
  if (body === null) throw cmsFailed(404, path)
  return body
}

/**
 * The CMS's site endpoints by path, each answering what the contract says
 * (`SiteApi` in cms/src/contract, which the endpoints answer through too).
 * `siteApi` reads a 404 as null, `requireSiteApi` as a failing CMS.
 */
export const siteApi = <P extends keyof SiteApi>(path: P, query?: Query) => getJson<SiteApi[P]>(path, query)
export const requireSiteApi = <P extends keyof SiteApi>(path: P, query?: Query) => requireJson<SiteApi[P]>(path, query)
