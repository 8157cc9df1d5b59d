import type { CollectionAfterReadHook } from 'payload'
import { pool, sql } from '../../../lib/sql'
import type { Mailing } from '../../../payload-types'

const LABELS: Record<string, string> = {
  sent: '已发送',
  queued: '待发送',
  sending: '发送中',
  failed: '失败',
  skipped: '跳过',
}

/**
 * Staff want to see at a glance whether an announcement went out; counting its
 * ledger rows on read keeps the number honest (no counters to drift). One
 * grouped query per mailing, on an index, for an editors-only list.
 */
export const mailingProgress: CollectionAfterReadHook<Mailing> = async ({ doc, req }) => {
  if (!doc?.id) return doc
  const result = await pool(req.payload).execute(
    sql`SELECT state, count(*)::int AS n FROM deliveries WHERE mailing_id = ${doc.id} GROUP BY state`,
  )
  const counts = new Map((result.rows as Array<{ state: string; n: number }>).map((r) => [r.state, r.n]))
  doc.progress =
    counts.size === 0
      ? doc.state === 'suppressed'
        ? '未推送'
        : '无收件人'
      : ['sent', 'queued', 'sending', 'failed', 'skipped']
          .filter((s) => counts.get(s))
          .map((s) => `${LABELS[s]} ${counts.get(s)}`)
          .join(' · ')
  return doc
}
