/**
 * Sends what the mail ledger holds, now, in this process, then exits:
 * `npm run payload -w cms -- run src/scripts/deliverMail.ts` (from cms/). The running CMS
 * does the same every few seconds; this is for operators (drain the queue
 * after an SMTP outage without waiting for backoff, see docs/decisions/005)
 * and for the crash test. Safe next to running CMS instances: rows are
 * claimed with SKIP LOCKED. `--now` makes rows waiting for a retry due at once.
 */
import { sql } from '@payloadcms/db-postgres'
import { getPayload } from 'payload'
import { pool } from '../lib/sql'
import config from '../payload.config'
import { deliverQueuedMail } from '../subscriptions/deliver'

const payload = await getPayload({ config })
try {
  if (process.argv.includes('--now')) {
    await pool(payload).execute(
      sql`UPDATE deliveries SET next_attempt_at = now() WHERE state = 'queued' AND next_attempt_at > now()`,
    )
  }
  const batchArg = process.argv.find((a) => a.startsWith('--batch='))
  const report = await deliverQueuedMail(payload, batchArg ? { batchSize: Number(batchArg.slice(8)) } : {})
  console.log(`DELIVER_RESULT ${JSON.stringify(report)}`)
} finally {
  await payload.destroy()
}
