import type { AfterErrorHook } from 'payload'
import { UPLOAD_TOO_LARGE_MESSAGE } from '../uploads/limits'

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
