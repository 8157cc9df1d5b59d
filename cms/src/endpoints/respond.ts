import type { SiteApi } from '../contract'

/**
 * Answers of the custom endpoints. Errors follow Payload's REST shape
 * (`{ errors: [{ message }] }`) plus a stable `code` for programs; messages
 * are for people, in Chinese.
 */
export function jsonError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { errors: [{ message }], code, ...extra },
    { status, headers: { 'Cache-Control': 'no-store', ...headers } },
  )
}

/**
 * The 200 answer of a site endpoint, typed by the contract (cms/src/contract):
 * `body` must be exactly what `SiteApi[path]` says the site receives. Never
 * cached by intermediaries unless `headers` say otherwise: the site keeps its
 * own cache and purges it on content events.
 */
export function answer<P extends keyof SiteApi>(
  _path: P,
  body: SiteApi[P],
  headers: Record<string, string> = { 'Cache-Control': 'no-store' },
): Response {
  return Response.json(body, { headers })
}

/** 429 with Retry-After; `retryAfter` (seconds) in the body for programs, as the subscription API answers. */
export function rateLimited(retryAfterSeconds: number, message: string): Response {
  return jsonError(
    429,
    'RATE_LIMITED',
    message,
    { retryAfter: retryAfterSeconds },
    {
      'Retry-After': String(retryAfterSeconds),
    },
  )
}

/** A positive integer query parameter, its default when absent, or null when malformed or out of range. */
export function intParam(value: string | null, fallback: number, max: number): number | null {
  if (value === null || value === '') return fallback
  if (!/^\d{1,9}$/.test(value)) return null
  const number = Number(value)
  return number >= 1 && number <= max ? number : null
}

/** Database failures that say "this input cannot be queried" rather than "the database is down". */
export function isInputError(error: unknown): boolean {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } })?.code ??
    (error as { cause?: { code?: unknown } })?.cause?.code
  return typeof code === 'string' && (code.startsWith('22') || code === '42601')
}
