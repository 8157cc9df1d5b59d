import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

type TopicCount = { name: string; active: number; total: number }
type StateCount = { state: string; n: number }

const STATE_LABELS: Record<string, string> = {
  active: '已订阅',
  pending: '待确认',
  unsubscribed: '已退订',
  bouncing: '投递失败',
}

/**
 * Above the subscribers list: how many people follow each topic (active
 * subscribers, those of "all topics" included), the totals per state, and the
 * CSV export. Server component; only editors and admins reach this list.
 */
export async function SubscriberStats({ payload }: { payload: Payload }) {
  const db = payload.db.drizzle
  const [states, topics, all] = await Promise.all([
    db.execute(sql`SELECT state, count(*)::int AS n FROM subscribers GROUP BY state`),
    db.execute(sql`
      SELECT t.name,
        count(DISTINCT s.id) FILTER (WHERE s.state = 'active')::int AS active,
        count(DISTINCT s.id)::int AS total
      FROM topics t
      LEFT JOIN subscribers_rels r ON r.topics_id = t.id AND r.path = 'topics'
      LEFT JOIN subscribers s ON s.id = r.parent_id
      GROUP BY t.id, t.name, t."order" ORDER BY t."order", t.id`),
    db.execute(sql`SELECT count(*)::int AS n FROM subscribers WHERE all_topics AND state = 'active'`),
  ])
  const allTopics = (all.rows[0] as { n: number } | undefined)?.n ?? 0
  const cell = { padding: '4px 12px', borderBottom: '1px solid var(--theme-elevation-100)' }
  return (
    <section style={{ margin: '0 0 24px', display: 'flex', gap: 32, flexWrap: 'wrap', alignItems: 'flex-start' }}>
      <div>
        <h3 style={{ margin: '0 0 8px' }}>按状态</h3>
        <table style={{ borderCollapse: 'collapse' }}>
          <tbody>
            {(states.rows as StateCount[]).map((s) => (
              <tr key={s.state}>
                <td style={cell}>{STATE_LABELS[s.state] ?? s.state}</td>
                <td style={{ ...cell, textAlign: 'right' }}>{s.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p style={{ marginTop: 12 }}>
          <a href="/api/subscribers/export" download>
            导出全部订阅者（CSV）
          </a>
        </p>
      </div>
      <div>
        <h3 style={{ margin: '0 0 8px' }}>按专题（已订阅 / 全部）</h3>
        <table style={{ borderCollapse: 'collapse' }}>
          <tbody>
            {(topics.rows as TopicCount[]).map((t) => (
              <tr key={t.name}>
                <td style={cell}>{t.name}</td>
                <td style={{ ...cell, textAlign: 'right' }}>
                  {t.active + allTopics} / {t.total}
                </td>
              </tr>
            ))}
            <tr>
              <td style={cell}>其中订阅全部专题</td>
              <td style={{ ...cell, textAlign: 'right' }}>{allTopics}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  )
}
