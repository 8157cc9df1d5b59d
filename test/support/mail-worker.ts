/**
 * A stand-alone mail worker for the crash test: the same send loop the CMS
 * runs, in a process the test can kill -9 mid-batch. Run from cms/ with
 * `npx payload run ../test/support/mail-worker.ts` and the stack's settings in
 * the environment; prints READY, then claims and sends until killed.
 */
import { getPayload } from 'payload'
import config from '../../cms/src/payload.config'
import { deliverQueuedMail } from '../../cms/src/subscriptions/deliver'

const payload = await getPayload({ config })
console.log('READY')
for (;;) {
  const report = await deliverQueuedMail(payload, { batchSize: 200, concurrency: 10 })
  if (report.sent || report.failed || report.retrying) console.log(`SENT ${JSON.stringify(report)}`)
  await new Promise((resolve) => setTimeout(resolve, 100))
}
