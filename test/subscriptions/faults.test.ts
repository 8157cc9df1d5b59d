/**
 * The send ledger under faults, against the real SMTP server:
 * - the SMTP server refuses (421) during a publish, then comes back: every
 *   mail arrives exactly once, and the refusals are visible to staff;
 * - a mail worker is killed (SIGKILL) mid-batch and another one started:
 *   no duplicates, no gaps;
 * - a permanent 5xx marks an address bouncing after repeated failures.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PAYLOAD_NODE_OPTIONS } from '../../scripts/lib/processes.mjs'
import { api, createStaff, requireStack } from '../support/api'
import { expectExactly, mailsTo, setSmtpMode, sleep, uniqueEmail } from '../support/mail'
import { getTestPayload } from '../support/payload'
import {
  addSubscriber,
  createTopic,
  deliveriesOf,
  mailingOf,
  publishArticle,
  subscriberByEmail,
  until,
} from './helpers'

const REPO_ROOT = path.resolve(import.meta.dirname, '../..')
let editor: string
const workers: ChildProcess[] = []

/** A separate mail worker process (test/support/mail-worker.ts) with a short lease, so a dead one's rows come back fast. */
function startWorker(): Promise<ChildProcess> {
  const stack = requireStack()
  const child = spawn('npx', ['payload', 'run', '../test/support/mail-worker.ts'], {
    cwd: path.join(REPO_ROOT, 'cms'),
    env: {
      ...process.env,
      DATABASE_URL: stack.databaseUrl,
      PAYLOAD_SECRET: stack.payloadSecret,
      DATA_DIR: stack.dataDir,
      SITE_URL: stack.siteUrl,
      CMS_URL: stack.cmsUrl,
      SMTP_URL: `smtp://127.0.0.1:${stack.smtp.port}`,
      PAYLOAD_JOBS_AUTORUN: 'false',
      MAIL_SEND_LEASE_SECONDS: '4',
      NODE_OPTIONS: PAYLOAD_NODE_OPTIONS,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  workers.push(child)
  return new Promise((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk
      if (output.includes('READY')) resolve(child)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk
    })
    child.once('exit', (code) => reject(new Error(`mail worker exited (${code}) before it was ready:\n${output}`)))
  })
}

/** Everyone the announcement went to: our test subscribers, plus any "all topics" subscriber other suites left. */
async function recipientsOf(mailingId: number): Promise<string[]> {
  const payload = await getTestPayload()
  const { docs } = await payload.find({
    collection: 'deliveries',
    where: { mailing: { equals: mailingId } },
    depth: 1,
    limit: 1000,
    overrideAccess: true,
  })
  return docs.map((d) => (d.subscriber && typeof d.subscriber === 'object' ? d.subscriber.email : ''))
}

/** How many mails with this subject each address received. */
async function received(addresses: string[], subject: string): Promise<number[]> {
  return Promise.all(addresses.map(async (a) => (await mailsTo(a)).filter((m) => m.subject === subject).length))
}

/** Waits until no mail is queued or in flight anywhere (earlier suites' retries included). */
async function ledgerIdle(): Promise<void> {
  const payload = await getTestPayload()
  await until(
    'an idle mail ledger',
    async () => {
      const { totalDocs } = await payload.count({
        collection: 'deliveries',
        where: { state: { in: ['queued', 'sending'] } },
        overrideAccess: true,
      })
      return totalDocs === 0
    },
    90_000,
  )
}

function kill(child: ChildProcess, signal: NodeJS.Signals) {
  // `npx` runs the worker as a grandchild: signal the whole process group.
  if (child.pid && child.exitCode === null) process.kill(-child.pid, signal)
}

beforeAll(async () => {
  editor = (await createStaff('editor')).token
})
afterEach(() => setSmtpMode({ mode: 'accept' }))
afterAll(() => {
  for (const child of workers) {
    try {
      kill(child, 'SIGKILL')
    } catch {}
  }
})

describe('SMTP down during a publish, then back', () => {
  it('retries with backoff, shows the refusals, and delivers every mail exactly once', async () => {
    const topic = await createTopic(editor)
    const people = Array.from({ length: 5 }, (_, i) => uniqueEmail(`outage-${i}`))
    for (const email of people) await addSubscriber({ email, topics: [topic.id] })
    await ledgerIdle()
    await setSmtpMode({ mode: 'reject', code: 421 })
    const title = '故障测试：邮件服务器暂时不可用'
    const article = await publishArticle(editor, { title, topics: [topic.id] })
    const mailing = await until('the mailing', () => mailingOf(article.id))
    const recipients = await recipientsOf(mailing.id)
    expect(recipients).toEqual(expect.arrayContaining(people))

    // The refusals land in the ledger, for staff to see.
    const failed = await until('a refused attempt in the ledger', async () => {
      const rows = await deliveriesOf(mailing.id)
      return rows.find((r) => (r.attempts ?? 0) >= 2 && r.lastError?.includes('421')) ?? null
    })
    expect(failed.state).toBe('queued')
    expect(await received(recipients, title)).toEqual(recipients.map(() => 0))
    const asEditor = await api('GET', '/deliveries', {
      token: editor,
      query: { 'where[mailing][equals]': mailing.id, depth: 0 },
    })
    expect(asEditor.status).toBe(200)
    expect(asEditor.body.docs.some((d: { lastError?: string }) => d.lastError?.includes('421'))).toBe(true)

    await setSmtpMode({ mode: 'accept' })
    await until('every mail through', async () => (await received(recipients, title)).every((n) => n >= 1))
    await sleep(8_000)
    expect(await received(recipients, title)).toEqual(recipients.map(() => 1))
    const rows = await until('all rows sent', async () => {
      const all = await deliveriesOf(mailing.id)
      return all.every((r) => r.state === 'sent') ? all : null
    })
    expect(rows).toHaveLength(recipients.length)
  })
})

describe('a mail worker killed mid-batch', () => {
  it('loses nothing and repeats nothing when another worker takes over', async () => {
    const topic = await createTopic(editor)
    const people = Array.from({ length: 30 }, (_, i) => uniqueEmail(`crash-${i}`))
    for (const email of people) await addSubscriber({ email, topics: [topic.id] })
    // Nothing else may be sending: the server's allowance below is for this article's mails.
    await ledgerIdle()

    // The first worker gets 10 mails through, then the server stops answering: it hangs mid-batch.
    await setSmtpMode({ mode: 'hold', allow: 10 })
    const first = await startWorker()
    const title = '故障测试：发送进程中途崩溃'
    const article = await publishArticle(editor, { title, topics: [topic.id] })
    const mailing = await until('the mailing', () => mailingOf(article.id))
    const recipients = await recipientsOf(mailing.id)
    expect(recipients).toEqual(expect.arrayContaining(people))
    await until('10 mails delivered', async () => (await received(recipients, title)).reduce((a, b) => a + b, 0) >= 10)
    await until('the rest claimed and in flight', async () => {
      const rows = await deliveriesOf(mailing.id)
      const sent = rows.filter((r) => r.state === 'sent').length
      return sent === 10 && rows.filter((r) => r.state === 'sending').length === recipients.length - sent
    })
    kill(first, 'SIGKILL')
    await until('the first worker gone', async () => first.exitCode !== null || first.signalCode !== null)

    // The server recovers; a new worker starts. The dead worker's rows come back when its lease (4 s) ends.
    await setSmtpMode({ mode: 'accept' })
    const second = await startWorker()
    await until('every mail through', async () => (await received(recipients, title)).every((n) => n >= 1))
    await sleep(8_000)
    kill(second, 'SIGTERM')
    expect(await received(recipients, title)).toEqual(recipients.map(() => 1))
    const rows = await deliveriesOf(mailing.id)
    expect(rows.every((r) => r.state === 'sent')).toBe(true)
    // Each message kept its ledger identity across the crash.
    const ids = new Set<string>()
    for (const email of recipients) for (const m of await mailsTo(email)) if (m.subject === title) ids.add(m.messageId)
    expect(ids.size).toBe(recipients.length)
  })
})

describe('permanent failures', () => {
  it('a 5xx is not retried, and three in a row mark the address bouncing', async () => {
    const topic = await createTopic(editor)
    const email = uniqueEmail('bounce')
    const { id } = await addSubscriber({ email, topics: [topic.id] })
    await setSmtpMode({ mode: 'reject', code: 550 })
    for (let i = 1; i <= 3; i++) {
      const article = await publishArticle(editor, { title: `故障测试：退信 ${i}`, topics: [topic.id] })
      const mailing = await until('the mailing', () => mailingOf(article.id))
      const row = await until('the failure recorded', async () => {
        const mine = (await deliveriesOf(mailing.id)).find((r) => r.subscriber === id)
        return mine?.state === 'failed' ? mine : null
      })
      expect(row.attempts).toBe(1)
      expect(row.lastError).toContain('550')
    }
    const subscriber = await subscriberByEmail(email)
    expect(subscriber?.state).toBe('bouncing')
    expect(subscriber?.bounceCount).toBe(3)
    await setSmtpMode({ mode: 'accept' })
    await publishArticle(editor, { title: '故障测试：不再发给退信地址', topics: [topic.id] })
    await expectExactly(email, 0)
  })
})
