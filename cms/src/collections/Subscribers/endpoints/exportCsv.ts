import { sql } from '@payloadcms/db-postgres'
import type { PayloadHandler } from 'payload'
import { isEditorUser } from '../../../access/roles'
import { pool } from '../../../lib/sql'

const STATE_LABELS: Record<string, string> = {
  pending: '待确认',
  active: '已订阅',
  unsubscribed: '已退订',
  bouncing: '投递失败',
}
const FREQUENCY_LABELS: Record<string, string> = { immediate: '即时推送', weekly: '每周摘要' }

/**
 * A cell as Excel and WPS read it safely: quoted, and a leading = + - @ (or
 * tab/CR) neutralised, since a spreadsheet would run it as a formula
 * (CSV injection; addresses and sources come from the public).
 */
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return `"${text.replace(/"/g, '""')}"`
}

/**
 * GET /api/subscribers/export — all subscribers as CSV for editors and admins
 * (authors 403, anonymous 401). UTF-8 with a BOM so Excel shows the Chinese.
 */
export const exportSubscribersCsv: PayloadHandler = async (req) => {
  if (!req.user) return Response.json({ errors: [{ message: '请先登录。' }] }, { status: 401 })
  if (!isEditorUser(req.user))
    return Response.json({ errors: [{ message: '只有编辑和管理员可以导出订阅者。' }] }, { status: 403 })

  const result = await pool(req.payload).execute(sql`
    SELECT s.email, s.state, s.frequency, s.all_topics, s.consent_at, s.source, s.created_at, s.unsubscribed_at,
      coalesce(string_agg(t.name, '；' ORDER BY t."order", t.id), '') AS topics
    FROM subscribers s
    LEFT JOIN subscribers_rels r ON r.parent_id = s.id AND r.path = 'topics'
    LEFT JOIN topics t ON t.id = r.topics_id
    GROUP BY s.id
    ORDER BY s.id`)
  const header = ['电子邮箱', '状态', '推送频率', '订阅专题', '全部专题', '同意时间', '来源', '登记时间', '退订时间']
  const lines = [header.map(csvCell).join(',')]
  for (const row of result.rows as Array<Record<string, unknown>>) {
    lines.push(
      [
        row.email,
        STATE_LABELS[String(row.state)] ?? row.state,
        FREQUENCY_LABELS[String(row.frequency)] ?? row.frequency,
        row.topics,
        row.all_topics ? '是' : '否',
        row.consent_at ? new Date(row.consent_at as string).toISOString() : '',
        row.source,
        row.created_at ? new Date(row.created_at as string).toISOString() : '',
        row.unsubscribed_at ? new Date(row.unsubscribed_at as string).toISOString() : '',
      ]
        .map(csvCell)
        .join(','),
    )
  }
  const stamp = new Date().toISOString().slice(0, 10)
  return new Response(`\uFEFF${lines.join('\r\n')}\r\n`, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="subscribers-${stamp}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
