import { commitTransaction, type Endpoint, initTransaction, killTransaction } from 'payload'
import { z } from 'zod'
import { roleOf } from '../access/roles'
import { jsonError } from '../endpoints/respond'
import type { Article } from '../payload-types'
import { REVIEW_ACTIONS, transition } from './chain'
import type { ReviewContext } from './gate'
import { queueReviewNotice } from './notify'
import { reviewSteps } from './settings'

const ReviewRequest = z.object({
  action: z.enum(REVIEW_ACTIONS),
  comment: z.string().trim().max(1000, '意见不能超过 1000 字').optional(),
})

// A publish time this close to now is "now"; further out, the approval schedules it.
const SCHEDULE_AFTER_MS = 30_000

/**
 * `POST /api/articles/:id/review` `{ action, comment? }` — the one door for the
 * review chain (submit, pass, return, approve). Answers 200 `{ doc }` with the
 * article's new state, 400 bad input, 401/403 not allowed, 404 no article,
 * 409 not possible in the article's state. `approve` publishes the latest
 * version now, or schedules it for its publish time when that lies ahead.
 */
export const reviewEndpoint: Endpoint = {
  path: '/:id/review',
  method: 'post',
  handler: async (req) => {
    if (!roleOf(req.user)) return jsonError(401, 'UNAUTHORIZED', '请先登录后台。')
    const id = Number(req.routeParams?.id)
    if (!Number.isInteger(id) || id < 1) return jsonError(404, 'ARTICLE_NOT_FOUND', '文章不存在。')
    let raw: unknown
    try {
      raw = await req.json?.()
    } catch {
      return jsonError(400, 'INVALID_BODY', '请求格式不正确。')
    }
    const parsed = ReviewRequest.safeParse(raw)
    if (!parsed.success) {
      return jsonError(400, 'INVALID_REVIEW', parsed.error.issues[0]?.message ?? '请求格式不正确。')
    }
    const { action, comment } = parsed.data
    if (action === 'return' && !comment) return jsonError(400, 'COMMENT_REQUIRED', '退回时请填写修改意见。')

    const current = await req.payload
      .findByID({ collection: 'articles', id, draft: true, depth: 0, overrideAccess: false, req, disableErrors: true })
      .catch(() => null)
    if (!current) return jsonError(404, 'ARTICLE_NOT_FOUND', '文章不存在，或您无权处理它。')

    const steps = await reviewSteps(req)
    const outcome = transition(current.reviewState ?? 'draft', action, req.user, steps)
    if (!outcome.ok) return jsonError(outcome.status, 'REVIEW_NOT_ALLOWED', outcome.message)

    const dueAt = current.publishedAt ? new Date(current.publishedAt) : null
    const schedule = outcome.publishes && dueAt !== null && dueAt.getTime() - Date.now() > SCHEDULE_AFTER_MS
    const publishNow = outcome.publishes && !schedule
    const review: ReviewContext = { action, to: outcome.to, comment }
    // The state change, the scheduled publish and the notices commit together or not at all.
    const ownsTransaction = await initTransaction(req)
    let doc: Article
    try {
      doc = await req.payload.update({
        collection: 'articles',
        id,
        data: { _status: publishNow ? 'published' : 'draft' },
        draft: !publishNow,
        context: { review },
        // The chain decided: the reviewer may move the article even where plain update access would not
        // let them (an author submitting, a final approver of a live article's new version).
        overrideAccess: true,
        req,
      })
      if (schedule && dueAt) {
        await req.payload.jobs.queue({
          task: 'schedulePublish',
          waitUntil: dueAt,
          input: {
            type: 'publish',
            doc: { relationTo: 'articles', value: id },
            user: { relationTo: 'users', value: req.user?.id as number },
          },
          req,
        })
      }
      await queueReviewNotice(req, { articleId: id, event: outcome.to, comment, actorId: req.user?.id as number })
      if (ownsTransaction) await commitTransaction(req)
    } catch (error) {
      await killTransaction(req)
      throw error
    }
    return Response.json(
      { doc: { id: doc.id, reviewState: doc.reviewState, _status: doc._status, reviewLog: doc.reviewLog } },
      { headers: { 'Cache-Control': 'no-store' } },
    )
  },
}
