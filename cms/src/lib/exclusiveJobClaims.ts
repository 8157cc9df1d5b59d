/**
 * One job, one runner, across every CMS process on the database.
 *
 * Payload 3.90 claims jobs in two steps (`updateJobs` in @payloadcms/drizzle):
 * it finds jobs with `processing = false`, then writes `processing = true` to
 * each. Two processes polling the same queue at the same second (every CMS
 * instance polls on the same cron, aligned to the clock) both find the same
 * jobs and both run them: a scheduled publish published twice, a review
 * notice mailed twice. Upstream fixed it after 3.90 with a conditional
 * `UPDATE … RETURNING` (payloadcms/payload#17441, for #16043); remove this
 * when upgrading to a Payload that has it.
 *
 * Until then a claim (any `updateJobs` that sets `processing: true`) runs
 * under a PostgreSQL advisory lock that lasts until the claim has committed:
 * Payload claims inside a transaction of its own, so the lock is taken on it
 * (`pg_advisory_xact_lock`, released by its COMMIT); a claim outside one holds
 * a session lock on a connection of its own. A second process's claim starts
 * only after the first one's has committed, so its search no longer sees
 * those jobs. Claims take a few milliseconds; the
 * jobs run outside the lock. A process that dies holding it loses its
 * connection, and PostgreSQL releases the lock with it.
 */
import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { DatabaseAdapterObj } from 'payload'
import { type SqlExecutor, sql } from './sql'

/** Arbitrary, distinct from bootstrap's migration lock (scripts/bootstrap.ts). */
const JOB_CLAIM_LOCK_KEY = 727_100_002

type UpdateJobs = PostgresAdapter['updateJobs']

export function withExclusiveJobClaims(base: DatabaseAdapterObj): DatabaseAdapterObj {
  return {
    ...base,
    init: (initArgs) => {
      const adapter = base.init(initArgs) as unknown as PostgresAdapter
      const updateJobs: UpdateJobs = adapter.updateJobs
      adapter.updateJobs = async function claimExclusively(this: PostgresAdapter, args) {
        if ((args.data as { processing?: unknown } | undefined)?.processing !== true) return updateJobs.call(this, args)
        // Payload runs the claim in a transaction of its own and commits it after this returns: the lock must
        // last until that commit, so it is taken on the transaction (released by its COMMIT or ROLLBACK).
        const transactionID = args.req?.transactionID ? String(await args.req.transactionID) : null
        const session = transactionID ? this.sessions?.[transactionID] : undefined
        if (session) {
          await (session.db as unknown as SqlExecutor).execute(sql`SELECT pg_advisory_xact_lock(${JOB_CLAIM_LOCK_KEY})`)
          return updateJobs.call(this, args)
        }
        // Outside a transaction each write commits before updateJobs returns: a lock on a connection of its own.
        const lock = await this.pool.connect()
        let unlocked = false
        try {
          await lock.query('SELECT pg_advisory_lock($1)', [JOB_CLAIM_LOCK_KEY])
          return await updateJobs.call(this, args)
        } finally {
          await lock
            .query('SELECT pg_advisory_unlock($1)', [JOB_CLAIM_LOCK_KEY])
            .then(() => {
              unlocked = true
            })
            .catch(() => {})
          // A connection that may still hold the lock is closed, never pooled: closing it releases the lock.
          lock.release(unlocked ? undefined : new Error('advisory unlock failed'))
        }
      } as UpdateJobs
      return adapter as never
    },
  }
}
