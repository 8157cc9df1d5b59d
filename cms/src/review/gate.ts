import { APIError, type CollectionBeforeChangeHook } from 'payload'
import { roleOf } from '../access/roles'
import type { Article } from '../payload-types'
import { isFinalApprover, type LogAction, type ReviewState } from './chain'
import { reviewSteps } from './settings'

/** Set by the review endpoint on the write it makes; nothing else may move an article along the chain. */
export type ReviewContext = { action: LogAction; to: ReviewState; comment?: string }

type LogEntry = NonNullable<Article['reviewLog']>[number]

const SCHEDULE_TOLERANCE_MS = 60_000

/**
 * Every write to an article passes here (REST, admin, Local API, the schedule).
 *
 * - `reviewState` and `reviewLog` are never taken from the request: they are
 *   carried over from the stored version and changed only by the review
 *   endpoint (req.context.review), so no client can approve by PATCHing a field.
 * - Publishing (any write with `_status: 'published'`: first publish, a
 *   correction, a scheduled publish) needs the final approval. The review
 *   endpoint's `approve` is one; a final approver pressing "publish" is another
 *   and is logged as such, and an admin skipping the chain is logged as urgent.
 *   Everyone else gets a 403 with the reason.
 * - A new draft of approved work goes back to "draft": it needs the chain again
 *   while the published version stays online.
 *
 * Server code without a user (seed, importer) is trusted and not gated.
 */
export const reviewGate: CollectionBeforeChangeHook<Article> = async ({ data, originalDoc, req }) => {
  const previousState: ReviewState = originalDoc?.reviewState ?? 'draft'
  const previousLog: LogEntry[] = originalDoc?.reviewLog ?? []
  const review = req.context.review as ReviewContext | undefined
  const user = req.user
  data.reviewState = previousState
  data.reviewLog = previousLog

  const entry = (action: LogAction, extra: Partial<LogEntry> = {}): LogEntry => ({
    action,
    by: user && roleOf(user) ? (user.id as number) : null,
    byName: user && roleOf(user) ? (user as { name?: string }).name || (user as { email?: string }).email : '系统',
    at: new Date().toISOString(),
    ...extra,
  })

  if (review) {
    data.reviewState = review.to
    data.reviewLog = [...previousLog, entry(review.action, { comment: review.comment || null })]
    return data
  }

  // Payload marks draft saves `_status: 'draft'`; a write without `_status` keeps the stored one, so a
  // PATCH of a live article without it is a correction of the live version and gated like a publish.
  const status = data._status ?? originalDoc?._status
  if (status !== 'published') {
    if (previousState === 'approved') data.reviewState = 'draft'
    return data
  }

  if (!user) {
    data.reviewState = 'approved'
    data.reviewLog = [...previousLog, entry('publish')]
    return data
  }
  const steps = await reviewSteps(req)
  if (!isFinalApprover(user, steps)) {
    throw new APIError(
      steps === 2
        ? '发布需经终审：请点击“提交审核”，由管理员或终审人终审通过后发布'
        : '发布需经审核：请点击“提交审核”，由编辑审核通过后发布',
      403,
      null,
      true,
    )
  }
  // A publish the schedule runs for an approved article: record when it was due and how late it ran.
  const due = data.publishedAt ? new Date(data.publishedAt).getTime() : Number.NaN
  if (previousState === 'approved' && originalDoc?._status !== 'published' && Number.isFinite(due)) {
    const lateMinutes = Math.max(0, Math.round((Date.now() - due) / 60_000))
    data.reviewLog = [
      ...previousLog,
      entry('scheduled_publish', { lateMinutes: Date.now() - due > SCHEDULE_TOLERANCE_MS ? lateMinutes : 0 }),
    ]
    return data
  }
  const urgent = roleOf(user) === 'admin' && steps === 2 && previousState !== 'pending_final'
  data.reviewState = 'approved'
  data.reviewLog = [...previousLog, entry(urgent ? 'urgent_publish' : 'publish')]
  req.context.urgentPublish = urgent
  return data
}
