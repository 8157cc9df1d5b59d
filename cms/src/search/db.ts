import { type PostgresAdapter, sql } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest } from 'payload'

export type SQL = ReturnType<typeof sql>

type Executor = { execute: (query: SQL) => Promise<{ rows: Record<string, unknown>[] }> }

/**
 * The Drizzle handle for raw SQL: inside `req`'s transaction when it has one
 * (so an index write commits or rolls back with the article), else the pool.
 * Mirrors @payloadcms/drizzle's getTransaction, which the cms package does not
 * depend on directly.
 */
export async function sqlExecutor(payload: Payload, req?: Partial<PayloadRequest>): Promise<Executor> {
  const adapter = payload.db as unknown as PostgresAdapter
  if (req?.transactionID) {
    const session = adapter.sessions?.[String(await req.transactionID)]
    if (session) return session.db as unknown as Executor
  }
  return adapter.drizzle as unknown as Executor
}

export async function queryRows<T>(payload: Payload, query: SQL, req?: Partial<PayloadRequest>): Promise<T[]> {
  const executor = await sqlExecutor(payload, req)
  const result = await executor.execute(query)
  return result.rows as T[]
}

export { sql }
