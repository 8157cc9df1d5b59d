import { sql } from '@payloadcms/db-postgres'
import type { SQL } from '@payloadcms/db-postgres/drizzle'
import type { Payload, PayloadRequest } from 'payload'
import type { Pool } from 'pg'

/**
 * The one door for our raw SQL (search index, feeds and lists, the send
 * ledger, tokens, content events). Payload's PostgreSQL adapter declares its
 * `drizzle`, `pool` and `sessions` on `payload.db` (module augmentation in
 * @payloadcms/db-postgres), so no cast is needed to reach them.
 */

export type { SQL }
export { sql }

/** What our raw SQL needs: drizzle's `execute`, on the pool or inside a transaction. */
export type SqlExecutor = {
  execute: (query: SQL) => Promise<{ rows: unknown[]; rowCount?: number | null }>
}

/** The pool, outside any transaction: each statement commits on its own. */
export const pool = (payload: Payload): SqlExecutor => payload.db.drizzle

/**
 * pg's own Pool, for what drizzle cannot do: named prepared statements (the
 * page endpoints) and a LISTEN connection held for good (content events).
 */
export const pgPool = (payload: Payload): Pool => payload.db.pool

/**
 * The connection of `req`'s transaction when it has one, so rows we write in a
 * hook commit or roll back with the document that caused them (a rolled-back
 * publish must announce nothing and index nothing); else the pool. Same as
 * @payloadcms/drizzle's getTransaction, which this package does not depend on.
 */
export async function dbFor(payload: Payload, req?: Partial<PayloadRequest>): Promise<SqlExecutor> {
  if (!req?.transactionID) return pool(payload)
  const session = payload.db.sessions?.[String(await req.transactionID)]
  return isExecutor(session?.db) ? session.db : pool(payload)
}

/** The adapter types a session's handle loosely (it is shared with SQLite); PostgreSQL's is drizzle's transaction. */
const isExecutor = (db: unknown): db is SqlExecutor =>
  typeof (db as { execute?: unknown } | null)?.execute === 'function'

/** Runs `query` (inside `req`'s transaction when it has one) and returns its rows as `T`. */
export async function queryRows<T>(payload: Payload, query: SQL, req?: Partial<PayloadRequest>): Promise<T[]> {
  const db = await dbFor(payload, req)
  const result = await db.execute(query)
  return result.rows as T[]
}

/** A PostgreSQL int[] literal from ids we already hold as numbers (never user text). */
export const intArray = (ids: Array<number | string>): string =>
  `{${ids
    .map((id) => Number(id))
    .filter((id) => Number.isSafeInteger(id))
    .join(',')}}`
