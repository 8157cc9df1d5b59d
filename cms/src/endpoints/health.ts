import type { Endpoint } from 'payload'
import { replicaStatus } from '../lib/readReplicas'
import { pool, sql } from '../lib/sql'
import { answer } from './respond'

/** A database that takes longer than this to answer `SELECT 1` is as good as down for readers. */
const DATABASE_TIMEOUT_MS = 3000

/**
 * `GET /api/health` → 200 `{ database: 'ok', latencyMs, replicas? }` (with read replicas: each one's
 * `state`, `ok` or `unavailable`, as this instance last saw it), or 503
 * `{ database: 'unavailable', code: 'DATABASE_UNAVAILABLE' }` when PostgreSQL does not answer a trivial
 * query in time. The site's `/healthz` reports it, so an operator can tell a
 * dead CMS from a dead database. The reason goes to the log only: it can name
 * hosts and databases.
 */
export const healthEndpoint: Endpoint = {
  path: '/health',
  method: 'get',
  handler: async (req) => {
    const headers = { 'Cache-Control': 'no-store' }
    const started = Date.now()
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      await Promise.race([
        pool(req.payload).execute(sql`SELECT 1`),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS)
        }),
      ])
      const replicas = replicaStatus()
      const health = { database: 'ok' as const, latencyMs: Date.now() - started }
      return answer('/health', replicas.length > 0 ? { ...health, replicas } : health, headers)
    } catch (error) {
      req.payload.logger.error({ msg: `health: database unreachable (${(error as Error).message})` })
      // The same words as every other answer during an outage (lib/apiErrors.ts, docs/decisions/010).
      return Response.json(
        { database: 'unavailable', code: 'DATABASE_UNAVAILABLE' },
        { status: 503, headers: { ...headers, 'Retry-After': '5' } },
      )
    } finally {
      clearTimeout(timer)
    }
  },
}
