import type { SQL } from '@payloadcms/db-postgres/drizzle'
import type { Payload, PayloadRequest } from 'payload'

/** What our raw SQL needs: drizzle's `execute`, on the pool or inside a transaction. */
export type DbExecutor = { execute: (query: SQL) => Promise<{ rows: unknown[]; rowCount?: number | null }> }

/**
 * The connection of the request's transaction, so rows we write in a hook
 * commit or roll back with the document that caused them (a rolled-back
 * publish must announce nothing). Same as @payloadcms/drizzle's getTransaction.
 */
export async function dbFor(req: PayloadRequest): Promise<DbExecutor> {
  const adapter = req.payload.db as unknown as { drizzle: DbExecutor; sessions?: Record<string, { db: DbExecutor }> }
  if (!req.transactionID) return adapter.drizzle
  const id = await req.transactionID
  return adapter.sessions?.[String(id)]?.db ?? adapter.drizzle
}

/** The pool, outside any transaction: each statement commits on its own. */
export const pool = (payload: Payload): DbExecutor => payload.db.drizzle as unknown as DbExecutor

/** A PostgreSQL int[] literal from ids we already hold as numbers (never user text). */
export const intArray = (ids: Array<number | string>): string =>
  `{${ids
    .map((id) => Number(id))
    .filter((id) => Number.isSafeInteger(id))
    .join(',')}}`
