import type { AfterErrorHook } from 'payload'
import { UPLOAD_TOO_LARGE_MESSAGE } from '../uploads/limits'

/**
 * Config-level `afterError`: errors that are the client's fault but reach
 * Payload's REST error handler as a 500 get their real status and a Chinese
 * message. Payload rethrows its multipart size-limit error as a bare 500.
 */
export const clientErrorsAsClientErrors: AfterErrorHook = ({ error }) => {
  if (error?.message === UPLOAD_TOO_LARGE_MESSAGE) {
    return { status: 413, response: { errors: [{ message: UPLOAD_TOO_LARGE_MESSAGE }] } }
  }
}
