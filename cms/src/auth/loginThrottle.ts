import { createHash } from 'node:crypto'
import type { APIError, CollectionAfterLoginHook, CollectionBeforeOperationHook, PayloadRequest } from 'payload'
import { clientError } from '../lib/clientError'
import { callerAddressKey } from '../lib/internalApi'
import { forgiveRateLimitHit, hitRateLimit, type RateLimitRule, tooManyMessage } from '../lib/rateLimit'

/**
 * Password guessing, on top of Payload's per-account lockout (Users `auth.maxLoginAttempts`):
 * failed logins per caller address (one address trying many accounts) and per
 * e-mail (many addresses trying one account, also unknown ones, which have no
 * lockout). Only failures count: every attempt is counted before the password
 * is checked, so a blocked caller learns nothing, and a right password is
 * forgiven afterwards, so staff who log in often are never held up.
 */
const LOGIN_LIMITS = {
  byAddress: { limit: 30, windowSeconds: 15 * 60 },
  byEmail: { limit: 10, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimitRule>

const CONTEXT_KEY = 'newsroomLoginBuckets'

const emailKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)

/** A 429 through Payload's REST error handler, which adds `req.responseHeaders` to its answer. */
function tooManyLogins(req: PayloadRequest, retryAfterSeconds: number): APIError {
  req.responseHeaders = new Headers(req.responseHeaders)
  req.responseHeaders.set('Retry-After', String(retryAfterSeconds))
  req.responseHeaders.set('Cache-Control', 'no-store')
  return clientError(429, `登录失败次数过多。${tooManyMessage(retryAfterSeconds)}`)
}

export const throttleLogin: CollectionBeforeOperationHook<'users'> = async ({ args, operation, req }) => {
  // The Local API (bootstrap, scripts) is our own code, not a guesser.
  if (operation !== 'login' || req.payloadAPI === 'local') return args
  const email = (args as { data?: { email?: unknown } }).data?.email
  const buckets = [`login:address:${callerAddressKey(req.headers)}`]
  if (typeof email === 'string' && email.trim()) buckets.push(`login:email:${emailKey(email)}`)
  const rules = [LOGIN_LIMITS.byAddress, LOGIN_LIMITS.byEmail]
  const verdicts = await Promise.all(buckets.map((bucket, i) => hitRateLimit(req.payload, bucket, rules[i]!)))
  req.context[CONTEXT_KEY] = buckets
  const blocked = verdicts.filter((v) => !v.allowed)
  if (blocked.length > 0) throw tooManyLogins(req, Math.max(...blocked.map((v) => v.retryAfterSeconds)))
  return args
}

export const forgiveSuccessfulLogin: CollectionAfterLoginHook = async ({ req }) => {
  const buckets = req.context[CONTEXT_KEY]
  if (!Array.isArray(buckets)) return
  await Promise.all(buckets.map((bucket: string) => forgiveRateLimitHit(req.payload, bucket)))
}
