import type { PayloadRequest } from 'payload'
import { queryRows, sql } from '../lib/sql'

/** The PostgreSQL channel the CMS listens on and relays to site instances (docs/decisions/006). */
export const CONTENT_CHANNEL = 'newsroom_content'

export type ContentChange =
  | { collection: string; id: number | string; operation: 'create' | 'update' | 'delete' }
  | { global: string; operation: 'update' }
  | { kind: 'bulk'; reason: string }

/**
 * Announces a change on `req`'s transaction. NOTIFY is transactional:
 * PostgreSQL delivers it only when (and right after) the transaction commits,
 * and drops it on rollback, so a listener never hears of a change that readers
 * cannot see yet. A purge sent straight from a hook would arrive before the
 * commit and could be undone by a render that still reads the old row.
 */
export async function notifyContentChange(req: PayloadRequest, change: ContentChange): Promise<void> {
  await queryRows(req.payload, sql`SELECT pg_notify(${CONTENT_CHANNEL}, ${JSON.stringify(change)})`, req)
}
