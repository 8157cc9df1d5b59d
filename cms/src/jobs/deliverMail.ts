import type { Payload, TaskConfig } from 'payload'
import { MAIL_QUEUE } from '../subscriptions/announce'
import { deliverQueuedMail } from '../subscriptions/deliver'

// Payload does not export the schedule hook's type; take it from TaskConfig.
type BeforeScheduleFn = NonNullable<NonNullable<NonNullable<TaskConfig['schedule']>[number]['hooks']>['beforeSchedule']>

/** Is a run of this task already waiting (queued, not started)? Then another is pointless. */
async function runWaiting(payload: Payload, dueBy?: Date): Promise<boolean> {
  const { totalDocs } = await payload.count({
    collection: 'payload-jobs',
    overrideAccess: true,
    where: {
      and: [
        { taskSlug: { equals: 'deliverMail' } },
        { processing: { equals: false } },
        { completedAt: { exists: false } },
        { hasError: { not_equals: true } },
        ...(dueBy
          ? [{ or: [{ waitUntil: { exists: false } }, { waitUntil: { less_than_equal: dueBy.toISOString() } }] }]
          : []),
      ],
    },
  })
  return totalDocs > 0
}

/**
 * Payload's default only schedules when no run of the task is queued *or
 * processing*; a worker killed mid-run leaves its job "processing" forever,
 * which would stop the sweep for good. Runs may overlap safely (the ledger's
 * SKIP LOCKED claims), so only a waiting run blocks a new one.
 */
const scheduleUnlessWaiting: BeforeScheduleFn = async ({ req, queueable }) => ({
  shouldSchedule: !(await runWaiting(req.payload)),
  input: {},
  waitUntil: queueable.waitUntil,
})

/**
 * Sends what the ledger holds. Queued right after an article's announcement
 * (in the same transaction) and by the subscribe endpoint, and swept every
 * minute so retries, expired leases and anything a crash left behind are
 * picked up without anyone asking.
 */
export const deliverMailTask: TaskConfig<'deliverMail'> = {
  slug: 'deliverMail',
  label: '发送订阅邮件',
  inputSchema: [],
  outputSchema: [
    { name: 'sent', type: 'number' },
    { name: 'retrying', type: 'number' },
    { name: 'failed', type: 'number' },
    { name: 'skipped', type: 'number' },
  ],
  // Failures are per mail and live in the ledger; a crashed run is simply run again by the sweep.
  retries: 0,
  schedule: [{ cron: '0 * * * * *', queue: MAIL_QUEUE, hooks: { beforeSchedule: scheduleUnlessWaiting } }],
  handler: async ({ req }) => {
    const report = await deliverQueuedMail(req.payload)
    // Come back when the next retry is due rather than at the next minute's sweep.
    if (report.nextDueAt && !(await runWaiting(req.payload, report.nextDueAt))) {
      await req.payload.jobs.queue({
        task: 'deliverMail',
        input: {},
        queue: MAIL_QUEUE,
        waitUntil: report.nextDueAt > new Date() ? report.nextDueAt : undefined,
      })
    }
    const { sent, retrying, failed, skipped } = report
    return { output: { sent, retrying, failed, skipped } }
  },
}
