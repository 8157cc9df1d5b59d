import { isAdminUser, isEditorUser, roleOf } from '../access/roles'

/**
 * The review chain (先审后发, docs/decisions/009): pure rules, no I/O, so the
 * endpoint, the publish gate and the dashboard agree on who may do what.
 *
 *   draft ─submit→ pending_first ─pass→ pending_final ─approve→ approved (published)
 *     ↑                 └─return─┐          └─return─┐
 *   returned ←───────────────────┴───────────────────┘
 *
 * With one review step (site setting) submit goes straight to pending_final.
 */
export const REVIEW_STATES = ['draft', 'pending_first', 'pending_final', 'returned', 'approved'] as const
export type ReviewState = (typeof REVIEW_STATES)[number]

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  draft: '撰写中',
  pending_first: '待初审',
  pending_final: '待终审',
  returned: '已退回',
  approved: '已通过',
}

export const REVIEW_ACTIONS = ['submit', 'pass', 'return', 'approve'] as const
export type ReviewAction = (typeof REVIEW_ACTIONS)[number]

/** What the review log records; the chain's actions plus the publishes that bypass or follow it. */
export const LOG_ACTIONS = [...REVIEW_ACTIONS, 'publish', 'urgent_publish', 'scheduled_publish'] as const
export type LogAction = (typeof LOG_ACTIONS)[number]

export const LOG_ACTION_LABELS: Record<LogAction, string> = {
  submit: '提交审核',
  pass: '初审通过',
  return: '退回修改',
  approve: '终审通过',
  publish: '终审人直接发布',
  urgent_publish: '管理员紧急发布（未经完整审核）',
  scheduled_publish: '按计划定时发布',
}

export type ReviewSteps = 1 | 2

type Staff = { id: number | string; role?: string | null; finalReviewer?: boolean | null }

/** Who gives the last approval: admins, editors marked as final reviewers, and every editor when the chain has one step. */
export function isFinalApprover(user: unknown, steps: ReviewSteps): boolean {
  if (isAdminUser(user)) return true
  if (!isEditorUser(user)) return false
  return steps === 1 || Boolean((user as Staff).finalReviewer)
}

export type Transition =
  | { ok: true; to: ReviewState; publishes: boolean }
  | { ok: false; status: 403 | 409; message: string }

const deny = (status: 403 | 409, message: string): Transition => ({ ok: false, status, message })

/** The outcome of `action` by `user` on an article in `state`. */
export function transition(state: ReviewState, action: ReviewAction, user: unknown, steps: ReviewSteps): Transition {
  if (!roleOf(user)) return deny(403, '请先登录')
  switch (action) {
    case 'submit':
      if (state === 'pending_first' || state === 'pending_final') return deny(409, '这篇文章已在审核中')
      return { ok: true, to: steps === 2 ? 'pending_first' : 'pending_final', publishes: false }
    case 'pass':
      if (steps === 1) return deny(409, '当前为一级审核，无需初审，请直接终审')
      if (state !== 'pending_first') return deny(409, '只有待初审的文章可以通过初审')
      if (!isEditorUser(user)) return deny(403, '只有编辑或管理员可以初审')
      return { ok: true, to: 'pending_final', publishes: false }
    case 'return':
      if (state === 'pending_first') {
        if (!isEditorUser(user)) return deny(403, '只有编辑或管理员可以退回')
        return { ok: true, to: 'returned', publishes: false }
      }
      if (state === 'pending_final') {
        if (!isFinalApprover(user, steps)) return deny(403, '只有终审人可以退回待终审的文章')
        return { ok: true, to: 'returned', publishes: false }
      }
      return deny(409, '只有审核中的文章可以退回')
    case 'approve':
      if (state !== 'pending_final') return deny(409, '只有待终审的文章可以终审通过')
      if (!isFinalApprover(user, steps)) return deny(403, '只有管理员或被指定为终审人的编辑可以终审')
      return { ok: true, to: 'approved', publishes: true }
  }
}

/** Which queue an article in `state` sits in for `user` (the dashboard's "waiting for me"). */
export function waitsFor(state: ReviewState, user: unknown, steps: ReviewSteps): boolean {
  if (state === 'pending_first') return isEditorUser(user)
  if (state === 'pending_final') return isFinalApprover(user, steps)
  return false
}
