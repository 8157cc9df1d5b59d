import type { TaskConfig } from 'payload'
import { MAIL_QUEUE, openWeeklyDigest } from '../subscriptions/announce'
import { previousWeek, weekFromKey } from '../subscriptions/week'

/**
 * Monday 00:00 on the server's clock (08:00 in Shanghai on a UTC server):
 * open last week's digest. The week is taken from the time the run was
 * scheduled for, not the time it ran, so a CMS that was down on Monday still
 * sends the right week when it comes back; the week key makes a second run a no-op.
 */
export const weeklyDigestTask: TaskConfig<'weeklyDigest'> = {
  slug: 'weeklyDigest',
  label: '每周摘要',
  inputSchema: [{ name: 'week', type: 'text', admin: { description: '例如 2026-W48；留空为上一周' } }],
  outputSchema: [
    { name: 'week', type: 'text' },
    { name: 'recipients', type: 'number' },
  ],
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 } },
  schedule: [{ cron: '0 0 0 * * 1', queue: MAIL_QUEUE }],
  handler: async ({ input, job, req }) => {
    const requested = input?.week ? weekFromKey(input.week) : null
    if (input?.week && !requested) throw new Error(`无效的周次：${input.week}（格式 2026-W48）`)
    const period = requested ?? previousWeek(job.waitUntil ? new Date(job.waitUntil) : new Date())
    const { recipients } = await openWeeklyDigest(req.payload, period)
    return { output: { week: period.key, recipients } }
  },
}
