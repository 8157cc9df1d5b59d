import type { Payload } from 'payload'
import { pool, sql } from './sql'

export type RateLimitRule = { limit: number; windowSeconds: number }
export type RateLimitVerdict = { allowed: boolean; retryAfterSeconds: number }

/**
 * Counts one hit against `bucket` in a fixed window and says whether it is
 * within `limit`. One atomic upsert in PostgreSQL (the `rate-limits` table), so
 * it holds across every CMS and site instance and survives restarts.
 */
export async function hitRateLimit(payload: Payload, bucket: string, rule: RateLimitRule): Promise<RateLimitVerdict> {
  const result = await pool(payload).execute(sql`
    INSERT INTO rate_limits (bucket, hits, reset_at, updated_at, created_at)
    VALUES (${bucket}, 1, now() + make_interval(secs => ${rule.windowSeconds}), now(), now())
    ON CONFLICT (bucket) DO UPDATE SET
      hits = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.hits + 1 END,
      reset_at = CASE WHEN rate_limits.reset_at <= now()
        THEN now() + make_interval(secs => ${rule.windowSeconds}) ELSE rate_limits.reset_at END,
      updated_at = now()
    RETURNING hits::int AS hits, ceil(extract(epoch FROM (reset_at - now())))::int AS ttl`)
  const row = result.rows[0] as { hits: number; ttl: number }
  return { allowed: row.hits <= rule.limit, retryAfterSeconds: Math.max(1, row.ttl) }
}

/**
 * Takes one hit back, for limits that should count only failures but must
 * decide before the outcome is known (a login is judged before the password is
 * checked; a right password is forgiven afterwards).
 */
export async function forgiveRateLimitHit(payload: Payload, bucket: string): Promise<void> {
  await pool(payload).execute(sql`
    UPDATE rate_limits SET hits = greatest(hits - 1, 0), updated_at = now()
    WHERE bucket = ${bucket} AND reset_at > now()`)
}

/** What people read with a 429: when to try again, in whole minutes. */
export function tooManyMessage(retryAfterSeconds: number): string {
  return `操作过于频繁，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试。`
}

/** Counters whose window ended a day ago are no longer useful. */
export async function pruneRateLimits(payload: Payload): Promise<void> {
  await pool(payload).execute(sql`DELETE FROM rate_limits WHERE reset_at < now() - interval '1 day'`)
}
