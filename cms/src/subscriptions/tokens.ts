import { createHash, randomBytes } from 'node:crypto'
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'
import type { SqlExecutor } from '../lib/sql'

export type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe'

/** How long a link in a mail keeps working. Unsubscribe links outlive the rest: old mails must still let people leave. */
export const TOKEN_LIFETIME_DAYS: Record<TokenPurpose, number> = { confirm: 7, manage: 180, unsubscribe: 365 }

/** 32 random bytes, base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

export type IssuedToken = { subscriberId: number; purpose: TokenPurpose; token: string }

/**
 * Makes fresh tokens and stores their hashes in one statement (a send batch
 * needs two per mail). The raw token exists only in memory and in the mail.
 */
export async function issueTokens(
  db: SqlExecutor,
  requests: Array<{ subscriberId: number; purpose: TokenPurpose }>,
): Promise<IssuedToken[]> {
  if (requests.length === 0) return []
  const issued = requests.map((r) => ({ ...r, token: randomBytes(32).toString('base64url') }))
  const values = issued.map(
    (t) =>
      sql`(${t.subscriberId}, ${t.purpose}, ${hashToken(t.token)}, now() + make_interval(days => ${TOKEN_LIFETIME_DAYS[t.purpose]}), now(), now())`,
  )
  await db.execute(
    sql`INSERT INTO subscription_tokens (subscriber_id, purpose, token_hash, expires_at, updated_at, created_at) VALUES ${sql.join(values, sql`, `)}`,
  )
  return issued
}

export type TokenLookup =
  | { status: 'valid'; subscriberId: number; purpose: TokenPurpose }
  | { status: 'malformed' | 'unknown' | 'expired' | 'used' }

/** Reads a token without using it up: what the GET pages (which must change nothing) need. */
export async function inspectToken(db: SqlExecutor, token: string, purposes: TokenPurpose[]): Promise<TokenLookup> {
  if (!TOKEN_PATTERN.test(token)) return { status: 'malformed' }
  const result = await db.execute(sql`
    SELECT subscriber_id, purpose, expires_at < now() AS expired, used_at IS NOT NULL AS used
    FROM subscription_tokens WHERE token_hash = ${hashToken(token)}`)
  const row = result.rows[0] as
    | { subscriber_id: number; purpose: TokenPurpose; expired: boolean; used: boolean }
    | undefined
  if (!row || !purposes.includes(row.purpose)) return { status: 'unknown' }
  if (row.used) return { status: 'used' }
  if (row.expired) return { status: 'expired' }
  return { status: 'valid', subscriberId: row.subscriber_id, purpose: row.purpose }
}

/**
 * Uses up a single-use (confirm) token atomically: of two concurrent POSTs
 * exactly one gets the subscriber back.
 */
export async function consumeToken(db: SqlExecutor, token: string, purpose: TokenPurpose): Promise<TokenLookup> {
  if (!TOKEN_PATTERN.test(token)) return { status: 'malformed' }
  const result = await db.execute(sql`
    UPDATE subscription_tokens SET used_at = now(), updated_at = now()
    WHERE token_hash = ${hashToken(token)} AND purpose = ${purpose} AND used_at IS NULL AND expires_at >= now()
    RETURNING subscriber_id`)
  const row = result.rows[0] as { subscriber_id: number } | undefined
  if (row) return { status: 'valid', subscriberId: row.subscriber_id, purpose }
  // Say why it failed (used vs expired vs unknown) so the page can help.
  return inspectToken(db, token, [purpose]).then((r) => (r.status === 'valid' ? { status: 'used' } : r))
}

/** Expired tokens can never be used again; dropping them keeps the table small. */
export async function pruneExpiredTokens(payload: Payload): Promise<void> {
  await payload.db.drizzle.execute(sql`DELETE FROM subscription_tokens WHERE expires_at < now() - interval '1 day'`)
}
