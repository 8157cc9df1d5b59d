import type { PayloadRequest, TaskConfig } from 'payload'
import { env } from '../lib/env'
import type { User } from '../payload-types'
import { MAIL_QUEUE } from '../subscriptions/announce'
import { isFinalApprover, REVIEW_STATE_LABELS, type ReviewState } from './chain'
import { reviewSteps } from './settings'

type NoticeInput = { articleId: number; event: ReviewState; comment?: string; actorId?: number }

/**
 * Queued in the review's own transaction, so a notice goes out only for a
 * step that committed; sent by the mail queue's worker with its retries.
 */
export async function queueReviewNotice(req: PayloadRequest, input: NoticeInput): Promise<void> {
  if (input.event === 'draft') return
  await req.payload.jobs.queue({ task: 'reviewNotice', queue: MAIL_QUEUE, input, req })
}

const adminLink = (id: number) => `${env.CMS_URL}/admin/collections/articles/${id}`

/**
 * Who hears of a step: reviewers when something enters their queue (editors
 * for the first review, final approvers for the last), the author who
 * submitted when it is sent back or approved. Never the person who acted.
 */
export const reviewNoticeTask: TaskConfig<'reviewNotice'> = {
  slug: 'reviewNotice',
  label: '审核通知邮件',
  inputSchema: [
    { name: 'articleId', type: 'number', required: true },
    { name: 'event', type: 'text', required: true },
    { name: 'comment', type: 'text' },
    { name: 'actorId', type: 'number' },
  ],
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 } },
  handler: async ({ input, req }) => {
    const { payload } = req
    const article = await payload.findByID({ collection: 'articles', id: input.articleId, draft: true, depth: 0, req })
    const event = input.event as ReviewState
    const steps = await reviewSteps(req)
    let recipients: User[] = []
    if (event === 'pending_first' || event === 'pending_final') {
      const staff = await payload.find({
        collection: 'users',
        where: { role: { in: ['editor', 'admin'] } },
        limit: 500,
        depth: 0,
        req,
      })
      recipients = staff.docs.filter((u) =>
        event === 'pending_first' ? true : isFinalApprover({ ...u, collection: 'users' }, steps),
      )
    } else {
      const submitter = [...(article.reviewLog ?? [])].reverse().find((e) => e.action === 'submit')?.by
      const id = typeof submitter === 'object' && submitter ? submitter.id : submitter
      if (id) recipients = [await payload.findByID({ collection: 'users', id, depth: 0, req })]
    }
    const to = recipients.filter((u) => u.id !== input.actorId).map((u) => u.email)
    if (to.length === 0) return { output: {} }

    const state = REVIEW_STATE_LABELS[event]
    const subject =
      event === 'returned'
        ? `【已退回】${article.title}`
        : event === 'approved'
          ? `【已通过终审】${article.title}`
          : `【${state}】${article.title}`
    const lines = [
      `文章《${article.title}》现在的审核状态：${state}。`,
      input.comment ? `意见：${input.comment}` : '',
      event === 'pending_first' || event === 'pending_final' ? '请登录后台审核：' : '在后台查看：',
      adminLink(article.id),
    ].filter(Boolean)
    for (const address of to) {
      await payload.sendEmail({ to: address, subject, text: lines.join('\n\n') })
    }
    return { output: {} }
  },
}
