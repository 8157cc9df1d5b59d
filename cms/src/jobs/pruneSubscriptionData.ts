import { sql } from '@payloadcms/db-postgres'
import type { TaskConfig } from 'payload'
import { pruneRateLimits } from '../lib/rateLimit'
import { pool } from '../lib/sql'
import { MAIL_QUEUE } from '../subscriptions/announce'
import { pruneExpiredTokens, TOKEN_LIFETIME_DAYS } from '../subscriptions/tokens'

/**
 * Hourly housekeeping for personal data we no longer need: pending sign-ups
 * whose confirmation link has expired (nobody confirmed them: delete the
 * address), expired link tokens and old rate-limit counters.
 */
export const pruneSubscriptionDataTask: TaskConfig<'pruneSubscriptionData'> = {
  slug: 'pruneSubscriptionData',
  label: '清理过期的订阅数据',
  inputSchema: [],
  outputSchema: [{ name: 'expiredPending', type: 'number' }],
  retries: 0,
  schedule: [{ cron: '0 17 * * * *', queue: MAIL_QUEUE }],
  handler: async ({ req }) => {
    const db = pool(req.payload)
    const stale = sql`state = 'pending'
      AND coalesce(confirmation_requested_at, created_at) < now() - make_interval(days => ${TOKEN_LIFETIME_DAYS.confirm + 1})`
    // Separate statements, children first: the foreign keys would otherwise try to null rows another CTE deletes.
    await db.execute(
      sql`DELETE FROM subscription_tokens WHERE subscriber_id IN (SELECT id FROM subscribers WHERE ${stale})`,
    )
    await db.execute(
      sql`DELETE FROM deliveries WHERE state <> 'sending' AND subscriber_id IN (SELECT id FROM subscribers WHERE ${stale})`,
    )
    const expired = await db.execute(sql`
      DELETE FROM subscribers WHERE ${stale}
        AND NOT EXISTS (SELECT 1 FROM deliveries WHERE subscriber_id = subscribers.id)`)
    await pruneExpiredTokens(req.payload)
    await pruneRateLimits(req.payload)
    return { output: { expiredPending: expired.rowCount ?? 0 } }
  },
}
