import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'
import { env } from '../lib/env'
import { intArray, pool } from '../lib/sql'
import { digestArticleIds } from './announce'
import { loadArticleForMail } from './articleForMail'
import { confirmUrl, manageUrl, unsubscribeUrl } from './links'
import {
  type ArticleForMail,
  type MailContext,
  type MailLinks,
  type RenderedMail,
  renderAlreadySubscribedMail,
  renderArticleMail,
  renderConfirmationMail,
  renderDigestMail,
} from './mail/render'
import { type IssuedToken, issueTokens, type TokenPurpose } from './tokens'

/**
 * The send loop over the ledger (`deliveries`). Any number of workers (job
 * runs in any CMS instance, `payload run src/scripts/deliverMail.ts`) may run
 * it at once:
 *
 * 1. claim: one statement moves a batch of due rows to `sending` with a lease
 *    (FOR UPDATE SKIP LOCKED: two workers never get the same row; rows whose
 *    lease ran out, because their worker died, are due again);
 * 2. send each mail, but only while the lease has a safe margin left;
 * 3. record each outcome in its own statement right after the SMTP reply:
 *    `sent`, or back to `queued` with exponential backoff (4xx, network), or
 *    `failed` (5xx, or out of attempts).
 *
 * A crash therefore loses nothing (the lease expires, the row is claimed
 * again) and repeats only mails whose SMTP "250 OK" arrived in the
 * milliseconds before their row was written; those carry the same
 * Message-ID, which receiving systems use to drop duplicates.
 */

export type DeliverOptions = {
  /** Rows claimed per statement. */
  batchSize?: number
  /** Mails in flight at once (the SMTP pool keeps 5 connections). */
  concurrency?: number
  /** Stop claiming after this long; a follow-up job carries on. */
  timeBudgetMs?: number
  leaseSeconds?: number
}

export type DeliverReport = {
  sent: number
  retrying: number
  failed: number
  skipped: number
  /** Earliest time a queued row becomes due, if any remain. */
  nextDueAt: Date | null
}

type Claimed = {
  id: number
  kind: 'article' | 'digest' | 'confirmation'
  subscriber_id: number | null
  mailing_id: number | null
  attempts: number
}
type SubscriberRow = {
  id: number
  email: string
  state: string
  frequency: 'immediate' | 'weekly'
  all_topics: boolean | null
}
type MailingRow = { id: number; article_id: number | null; period_start: string | null; period_end: string | null }

/** Transient failures are retried this many times (about 7 hours at the default 30 s base). */
const MAX_ATTEMPTS = 20
/** After this many permanent (5xx) failures in a row an address is marked `bouncing`. */
const BOUNCE_THRESHOLD = 3
/** This many 5xx in a row across different addresses means our side is refused (relay, sender), not the mailboxes. */
const SYSTEMIC_PERMANENT_FAILURES = 10
const MAX_BACKOFF_SECONDS = 30 * 60

function backoffSeconds(attempt: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, env.MAIL_RETRY_BASE_SECONDS * 2 ** Math.max(0, attempt - 1))
}

type SmtpError = Error & { responseCode?: number; code?: string }
const isPermanent = (error: SmtpError) =>
  typeof error.responseCode === 'number' && error.responseCode >= 500 && error.responseCode < 600
const describe = (error: SmtpError) =>
  `${error.responseCode ? `${error.responseCode} ` : ''}${error.code ? `${error.code} ` : ''}${error.message}`.slice(
    0,
    500,
  )

const mailDomain = () => env.MAIL_FROM.split('@')[1] ?? 'localhost'
/** Stable per ledger row: a repeat after a crash is recognisably the same message. */
const messageIdFor = (deliveryId: number) => `<delivery-${deliveryId}@${mailDomain()}>`

async function claim(payload: Payload, batchSize: number, leaseSeconds: number): Promise<Claimed[]> {
  const result = await pool(payload).execute(sql`
    UPDATE deliveries d
    SET state = 'sending', locked_until = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
    FROM (
      SELECT id FROM deliveries
      WHERE (state = 'queued' AND next_attempt_at <= now())
         OR (state = 'sending' AND locked_until < now())
      ORDER BY (kind = 'confirmation') DESC, next_attempt_at, id
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE d.id = due.id
    RETURNING d.id, d.kind, d.subscriber_id, d.mailing_id, d.attempts::int AS attempts`)
  return result.rows as Claimed[]
}

type Outcome =
  | { kind: 'sent' }
  | { kind: 'transient'; error: string }
  | { kind: 'permanent'; error: string }
  | { kind: 'skipped'; reason: string }

async function record(payload: Payload, row: Claimed, outcome: Outcome): Promise<Date | null> {
  const db = pool(payload)
  switch (outcome.kind) {
    case 'sent':
      // A delivered mail also proves the address works again: its bounce streak ends.
      await db.execute(sql`
        WITH d AS (
          UPDATE deliveries SET state = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL,
            locked_until = NULL, message_id = ${messageIdFor(row.id)}, updated_at = now()
          WHERE id = ${row.id} RETURNING subscriber_id)
        UPDATE subscribers s SET bounce_count = 0 FROM d WHERE s.id = d.subscriber_id AND s.bounce_count > 0`)
      return null
    case 'skipped':
      await db.execute(sql`
        UPDATE deliveries SET state = 'skipped', last_error = ${outcome.reason}, locked_until = NULL, updated_at = now()
        WHERE id = ${row.id}`)
      return null
    case 'transient': {
      const attempt = row.attempts + 1
      if (attempt >= MAX_ATTEMPTS) {
        await db.execute(sql`
          UPDATE deliveries SET state = 'failed', attempts = ${attempt}, last_error = ${`已重试 ${attempt} 次，放弃：${outcome.error}`},
            locked_until = NULL, updated_at = now()
          WHERE id = ${row.id}`)
        return null
      }
      const next = new Date(Date.now() + backoffSeconds(attempt) * 1000)
      await db.execute(sql`
        UPDATE deliveries SET state = 'queued', attempts = ${attempt}, last_error = ${outcome.error},
          next_attempt_at = ${next.toISOString()}, locked_until = NULL, updated_at = now()
        WHERE id = ${row.id}`)
      return next
    }
    case 'permanent':
      await db.execute(sql`
        WITH d AS (
          UPDATE deliveries SET state = 'failed', attempts = attempts + 1, last_error = ${outcome.error},
            locked_until = NULL, updated_at = now()
          WHERE id = ${row.id} RETURNING subscriber_id)
        UPDATE subscribers s SET
          bounce_count = coalesce(s.bounce_count, 0) + 1,
          state = CASE WHEN coalesce(s.bounce_count, 0) + 1 >= ${BOUNCE_THRESHOLD} AND s.state = 'active'
            THEN 'bouncing'::enum_subscribers_state ELSE s.state END,
          updated_at = now()
        FROM d WHERE s.id = d.subscriber_id`)
      return null
  }
}

/** Gives claimed rows back untouched (not attempted), due at `at`. */
async function release(payload: Payload, ids: number[], at: Date): Promise<void> {
  if (ids.length === 0) return
  await pool(payload).execute(sql`
    UPDATE deliveries SET state = 'queued', locked_until = NULL, next_attempt_at = ${at.toISOString()}, updated_at = now()
    WHERE id = ANY(${intArray(ids)}::int[]) AND state = 'sending'`)
}

type Prepared = { row: Claimed; to: string; mail: RenderedMail } | { row: Claimed; skip: string }

/** Reads what the batch's mails need (subscribers, articles, digests) and renders them, tokens included. */
async function prepareBatch(
  payload: Payload,
  rows: Claimed[],
  articles: Map<number, ArticleForMail | null>,
): Promise<Prepared[]> {
  const db = pool(payload)
  const ctx: MailContext = { siteName: env.MAIL_FROM_NAME, siteUrl: env.SITE_URL }
  const subscriberIds = rows.flatMap((r) => (r.subscriber_id ? [r.subscriber_id] : []))
  const mailingIds = rows.flatMap((r) => (r.mailing_id ? [r.mailing_id] : []))
  const [subscriberResult, mailingResult] = await Promise.all([
    db.execute(sql`
      SELECT id, email, state, frequency, all_topics FROM subscribers WHERE id = ANY(${intArray(subscriberIds)}::int[])`),
    db.execute(sql`
      SELECT id, article_id, period_start, period_end FROM mailings WHERE id = ANY(${intArray([...new Set(mailingIds)])}::int[])`),
  ])
  const subscribers = new Map((subscriberResult.rows as SubscriberRow[]).map((s) => [s.id, s]))
  const mailings = new Map((mailingResult.rows as MailingRow[]).map((m) => [m.id, m]))

  const article = async (id: number) => {
    if (!articles.has(id)) articles.set(id, await loadArticleForMail(payload, id))
    return articles.get(id) ?? null
  }

  // Decide first, so tokens are issued (one INSERT) only for mails that will be sent.
  type Plan =
    | { row: Claimed; skip: string }
    | {
        row: Claimed
        subscriber: SubscriberRow
        build: (t: Partial<Record<TokenPurpose, string>>) => RenderedMail
        purposes: TokenPurpose[]
      }
  const plans: Plan[] = []
  for (const row of rows) {
    const subscriber = row.subscriber_id ? subscribers.get(row.subscriber_id) : undefined
    if (!subscriber) {
      plans.push({ row, skip: '订阅者已删除' })
      continue
    }
    const links = (t: Partial<Record<TokenPurpose, string>>): MailLinks => ({
      manage: manageUrl(t.manage ?? ''),
      unsubscribe: unsubscribeUrl(t.unsubscribe ?? ''),
    })
    if (row.kind === 'confirmation') {
      if (subscriber.state === 'pending') {
        const topicNames = await subscriberTopicNames(payload, subscriber.id)
        plans.push({
          row,
          subscriber,
          purposes: ['confirm'],
          build: (t) =>
            renderConfirmationMail(
              ctx,
              { topicNames, allTopics: Boolean(subscriber.all_topics), frequency: subscriber.frequency },
              confirmUrl(t.confirm ?? ''),
            ),
        })
      } else if (subscriber.state === 'active') {
        plans.push({
          row,
          subscriber,
          purposes: ['manage', 'unsubscribe'],
          build: (t) => renderAlreadySubscribedMail(ctx, links(t)),
        })
      } else {
        plans.push({ row, skip: `订阅者状态为 ${subscriber.state}` })
      }
      continue
    }
    // Nothing but the confirmation ever goes to an address that is not active.
    if (subscriber.state !== 'active') {
      plans.push({ row, skip: `订阅者状态为 ${subscriber.state}` })
      continue
    }
    const mailing = row.mailing_id ? mailings.get(row.mailing_id) : undefined
    if (row.kind === 'article') {
      const data = mailing?.article_id ? await article(mailing.article_id) : null
      if (!data) {
        plans.push({ row, skip: '文章已撤回或已删除' })
        continue
      }
      plans.push({
        row,
        subscriber,
        purposes: ['manage', 'unsubscribe'],
        build: (t) => renderArticleMail(ctx, data, links(t)),
      })
      continue
    }
    // digest
    if (!mailing?.period_start || !mailing.period_end) {
      plans.push({ row, skip: '摘要周期缺失' })
      continue
    }
    const period = {
      start: new Date(mailing.period_start).toISOString(),
      end: new Date(mailing.period_end).toISOString(),
    }
    const ids = await digestArticleIds(
      payload,
      { id: subscriber.id, allTopics: Boolean(subscriber.all_topics) },
      period,
    )
    const items = (await Promise.all(ids.map(article))).filter((a): a is ArticleForMail => a !== null)
    if (items.length === 0) {
      plans.push({ row, skip: '本周订阅专题没有新文章' })
      continue
    }
    plans.push({
      row,
      subscriber,
      purposes: ['manage', 'unsubscribe'],
      build: (t) => renderDigestMail(ctx, period, items, links(t)),
    })
  }

  const requests = plans.flatMap((p) =>
    'skip' in p ? [] : p.purposes.map((purpose) => ({ subscriberId: p.subscriber.id, purpose, rowId: p.row.id })),
  )
  const issued: IssuedToken[] = await issueTokens(db, requests)
  const byRow = new Map<number, Partial<Record<TokenPurpose, string>>>()
  issued.forEach((token, i) => {
    const rowId = requests[i].rowId
    byRow.set(rowId, { ...byRow.get(rowId), [token.purpose]: token.token })
  })
  return plans.map((p) =>
    'skip' in p ? p : { row: p.row, to: p.subscriber.email, mail: p.build(byRow.get(p.row.id) ?? {}) },
  )
}

async function subscriberTopicNames(payload: Payload, subscriberId: number): Promise<string[]> {
  const result = await pool(payload).execute(sql`
    SELECT t.name FROM subscribers_rels r JOIN topics t ON t.id = r.topics_id
    WHERE r.parent_id = ${subscriberId} AND r.path = 'topics' ORDER BY t."order", t.id`)
  return (result.rows as Array<{ name: string }>).map((r) => r.name)
}

export async function deliverQueuedMail(payload: Payload, options: DeliverOptions = {}): Promise<DeliverReport> {
  const batchSize = options.batchSize ?? 200
  const concurrency = options.concurrency ?? 10
  const timeBudgetMs = options.timeBudgetMs ?? 4 * 60_000
  const leaseSeconds = options.leaseSeconds ?? env.MAIL_SEND_LEASE_SECONDS
  // Never start a send that could outlive the lease (SMTP timeouts are ≈ 90 s at worst).
  const marginMs = Math.min(120, leaseSeconds / 2) * 1000
  const report: DeliverReport = { sent: 0, retrying: 0, failed: 0, skipped: 0, nextDueAt: null }
  const articles = new Map<number, ArticleForMail | null>()
  const started = Date.now()
  let consecutivePermanent = 0
  let halted: Date | null = null

  while (!halted && Date.now() - started < timeBudgetMs) {
    const claimedAt = Date.now()
    const rows = await claim(payload, batchSize, leaseSeconds)
    if (rows.length === 0) break
    const sendBefore = claimedAt + leaseSeconds * 1000 - marginMs
    const prepared = await prepareBatch(payload, rows, articles)

    const skips = prepared.filter((p): p is Extract<Prepared, { skip: string }> => 'skip' in p)
    for (const s of skips) await record(payload, s.row, { kind: 'skipped', reason: s.skip })
    report.skipped += skips.length

    const queue = prepared.filter((p): p is Extract<Prepared, { mail: RenderedMail }> => 'mail' in p)
    const notStarted = new Set(queue.map((p) => p.row.id))
    let next = 0
    const worker = async () => {
      while (!halted && next < queue.length && Date.now() < sendBefore) {
        const item = queue[next++]
        notStarted.delete(item.row.id)
        let outcome: Outcome
        try {
          await payload.sendEmail({
            to: item.to,
            subject: item.mail.subject,
            html: item.mail.html,
            text: item.mail.text,
            headers: item.mail.headers,
            messageId: messageIdFor(item.row.id),
          })
          outcome = { kind: 'sent' }
          consecutivePermanent = 0
        } catch (caught) {
          const error = caught as SmtpError
          if (isPermanent(error) && ++consecutivePermanent < SYSTEMIC_PERMANENT_FAILURES) {
            outcome = { kind: 'permanent', error: describe(error) }
          } else {
            outcome = { kind: 'transient', error: describe(error) }
          }
        }
        const retryAt = await record(payload, item.row, outcome)
        if (outcome.kind === 'sent') report.sent++
        else if (outcome.kind === 'permanent') report.failed++
        else if (outcome.kind === 'transient') {
          if (retryAt) report.retrying++
          else report.failed++
          // The server is down or refusing us: stop here instead of failing the whole batch one by one.
          halted = retryAt ?? new Date(Date.now() + backoffSeconds(1) * 1000)
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker))
    await release(payload, [...notStarted], halted ?? new Date())
  }

  const due = await pool(payload).execute(sql`
    SELECT min(CASE WHEN state = 'queued' THEN next_attempt_at ELSE locked_until END) AS at
    FROM deliveries WHERE state IN ('queued', 'sending')`)
  const at = (due.rows[0] as { at: string | Date | null } | undefined)?.at
  report.nextDueAt = at ? new Date(at) : null
  return report
}
