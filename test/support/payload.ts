/**
 * Payload's Local API inside a test process, on the stack's database: for what
 * has no REST door (queueing and running scheduled-publish jobs).
 */
import type { Payload } from 'payload'
import { requireStack } from './api'

let instance: Promise<Payload> | undefined

export function getTestPayload(): Promise<Payload> {
  if (!instance) {
    const stack = requireStack()
    Object.assign(process.env, {
      DATABASE_URL: stack.databaseUrl,
      PAYLOAD_SECRET: stack.payloadSecret,
      DATA_DIR: stack.dataDir,
      SITE_URL: stack.siteUrl,
      CMS_URL: stack.cmsUrl,
      PAYLOAD_JOBS_AUTORUN: 'false',
    })
    instance = (async () => {
      const [{ getPayload }, { default: config }] = await Promise.all([
        import('payload'),
        import('../../cms/src/payload.config'),
      ])
      return getPayload({ config })
    })()
  }
  return instance
}

/**
 * What the admin's schedule drawer queues: Payload's `schedulePublish` job for
 * an article, with `userId` as the scheduling user. The CMS's job cron (every
 * 10 s) runs it after `waitUntil`; `queue` lets a test run it itself.
 */
export async function queueScheduledPublish(
  articleId: number,
  userId: number,
  { waitUntil, queue = 'default' }: { waitUntil?: Date; queue?: string } = {},
) {
  const payload = await getTestPayload()
  return payload.jobs.queue({
    task: 'schedulePublish',
    input: {
      type: 'publish',
      doc: { relationTo: 'articles', value: String(articleId) },
      user: { relationTo: 'users', value: userId },
    },
    ...(waitUntil ? { waitUntil } : {}),
    queue,
  } as never)
}
