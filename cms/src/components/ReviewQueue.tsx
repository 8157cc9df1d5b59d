import type { Payload, User } from 'payload'
import { REVIEW_STATE_LABELS, type ReviewState, waitsFor } from '../review/chain'

type Props = { payload: Payload; user?: User | null }

const fmt = (iso?: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—'

/**
 * On the admin dashboard: what waits for this user's review, and what the
 * schedule publishes next (with anything overdue marked, so a stalled queue is
 * seen rather than silently waited on). Server component.
 */
export async function ReviewQueue({ payload, user }: Props) {
  if (!user) return null
  const settings = await payload.findGlobal({ slug: 'site-settings', depth: 0 })
  const steps = settings.reviewSteps === '2' ? 2 : 1
  const pending = await payload.find({
    collection: 'articles',
    draft: true,
    depth: 0,
    limit: 50,
    sort: 'updatedAt',
    where: { reviewState: { in: ['pending_first', 'pending_final'] } },
    select: { title: true, reviewState: true, updatedAt: true },
  })
  const mine = pending.docs.filter((d) =>
    waitsFor(d.reviewState as ReviewState, { ...user, collection: 'users' }, steps),
  )
  const jobs = await payload.find({
    collection: 'payload-jobs',
    depth: 0,
    limit: 10,
    sort: 'waitUntil',
    where: {
      and: [
        { taskSlug: { equals: 'schedulePublish' } },
        { completedAt: { exists: false } },
        { hasError: { not_equals: true } },
      ],
    },
  })
  const now = Date.now()
  const cell = { padding: '4px 12px', borderBottom: '1px solid var(--theme-elevation-100)', textAlign: 'left' as const }
  return (
    <section style={{ margin: '24px 0', display: 'flex', gap: 48, flexWrap: 'wrap' }}>
      <div>
        <h2 style={{ margin: '0 0 8px' }}>待我审核（{mine.length}）</h2>
        {mine.length === 0 ? (
          <p>暂无待审核的文章。</p>
        ) : (
          <table style={{ borderCollapse: 'collapse' }}>
            <tbody>
              {mine.map((d) => (
                <tr key={d.id}>
                  <td style={cell}>
                    <a href={`/admin/collections/articles/${d.id}`}>{d.title}</a>
                  </td>
                  <td style={cell}>{REVIEW_STATE_LABELS[d.reviewState as ReviewState]}</td>
                  <td style={cell}>{fmt(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>
        <h2 style={{ margin: '0 0 8px' }}>即将定时发布</h2>
        {jobs.docs.length === 0 ? (
          <p>没有排定的发布。</p>
        ) : (
          <table style={{ borderCollapse: 'collapse' }}>
            <tbody>
              {jobs.docs.map((job) => {
                const due = job.waitUntil ? new Date(job.waitUntil).getTime() : now
                const docRef = (job.input as { doc?: { value?: number } } | undefined)?.doc?.value
                return (
                  <tr key={job.id}>
                    <td style={cell}>
                      {docRef ? <a href={`/admin/collections/articles/${docRef}`}>文章 #{docRef}</a> : '—'}
                    </td>
                    <td style={cell}>{fmt(job.waitUntil)}</td>
                    <td style={cell}>
                      {due < now - 60_000 ? `已逾期 ${Math.round((now - due) / 60_000)} 分钟，将尽快发布` : ''}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  )
}
