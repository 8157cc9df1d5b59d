import type { AfterErrorHook } from 'payload'
import { UPLOAD_TOO_LARGE_MESSAGE } from '../uploads/limits'
import { isDatabaseUnavailable } from './database'

/** PostgreSQL SQLSTATEs for text it cannot store or compare: a NUL byte (22021), a \u0000 escape in JSON (22P05). */
const UNSTORABLE_TEXT = new Set(['22021', '22P05'])

function sqlState(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown } | undefined
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) return current.code
    current = current.cause as typeof current
  }
  return undefined
}

/**
 * Config-level `afterError`: errors that are the client's fault but reach
 * Payload's REST error handler as a 500 get their real status and a Chinese
 * message. Payload rethrows its multipart size-limit error as a bare 500, and
 * PostgreSQL's refusal of a NUL byte (anywhere a query or a document carries
 * one past lib/rejectNulInQueries.ts) would otherwise be a 500 too.
 */
export const clientErrorsAsClientErrors: AfterErrorHook = ({ error }) => {
  if (error?.message === UPLOAD_TOO_LARGE_MESSAGE) {
    return { status: 413, response: { errors: [{ message: UPLOAD_TOO_LARGE_MESSAGE }] } }
  }
  const state = sqlState(error)
  if (state && UNSTORABLE_TEXT.has(state)) {
    return {
      status: 400,
      response: { errors: [{ message: '提交的内容或查询条件含有不允许的字符（如 \\u0000 空字符），请删除后重试。' }] },
    }
  }
}

/** Seconds a client should wait before retrying while the database is away (a restart takes a few). */
const DATABASE_RETRY_AFTER_SECONDS = 5
const DATABASE_UNAVAILABLE_MESSAGE =
  '数据库暂时无法连接，操作未能完成，请稍后重试。如在保存内容，请在恢复后刷新页面，确认修改是否已保存。'

/** Did the caller present staff credentials (a JWT header or the admin's cookie)? */
function presentedCredentials(headers: Headers | undefined): boolean {
  if (!headers) return false
  return (
    /^(?:JWT|Bearer) /i.test(headers.get('authorization') ?? '') || /\bpayload-token=/.test(headers.get('cookie') ?? '')
  )
}

/** `SELECT 1` on the pool, bounded: does the database answer at all? */
async function databaseAnswers(payload: { db: unknown }): Promise<boolean> {
  const pool = (payload.db as { pool?: { query: (sql: string) => Promise<unknown> } }).pool
  if (!pool) return true
  try {
    await Promise.race([
      pool.query('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout exceeded when trying to connect')), 3000)),
    ])
    return true
  } catch (error) {
    return !isDatabaseUnavailable(error)
  }
}

/**
 * Config-level `afterError`: the database being away is a 503 with
 * Retry-After and a Chinese message, never Payload's bare 500 (docs/decisions/010).
 * The sites treat it as "try again" and /healthz reports it. Payload's JWT
 * strategy swallows the error of its user lookup, so a staff request during an
 * outage arrives here as 401/403 "not allowed": with credentials presented and
 * no user, the database is asked, and if it does not answer that is the real
 * reason, not a missing permission.
 */
export const databaseOutageAs503: AfterErrorHook = async ({ error, req }) => {
  const status = (error as { status?: number } | undefined)?.status
  const unavailable =
    isDatabaseUnavailable(error) ||
    ((status === 401 || status === 403) &&
      !req.user &&
      presentedCredentials(req.headers) &&
      !(await databaseAnswers(req.payload)))
  if (!unavailable) return undefined
  req.responseHeaders ??= new Headers()
  req.responseHeaders.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS))
  req.responseHeaders.set('Cache-Control', 'no-store')
  return {
    status: 503,
    response: { errors: [{ message: DATABASE_UNAVAILABLE_MESSAGE }], code: 'DATABASE_UNAVAILABLE' } as never,
  }
}
