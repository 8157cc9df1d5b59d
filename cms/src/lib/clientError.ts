import { APIError } from 'payload'

/**
 * An error that is the caller's doing, thrown from hooks: its status and its
 * Chinese message reach the client. Payload's REST error handler formats errors
 * by `instanceof APIError`, which fails in the built CMS (the hooks and the
 * handler hold different bundled copies of the class), then by `name`, which
 * minification empties; so the name is set here. "ValidationError" is also
 * what Payload logs at info rather than error level: bad input is not a fault.
 */
export function clientError(status: number, message: string): APIError {
  const error = new APIError(message, status, null, true)
  error.name = 'ValidationError'
  return error
}
