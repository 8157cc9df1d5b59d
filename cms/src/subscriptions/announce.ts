import { sql } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest } from 'payload'
import { dbFor, intArray, pool } from '../lib/sql'
import { formatChineseDate } from './mail/render'
import { type DigestPeriod, previousWeek } from './week'

export const MAIL_QUEUE = 'mail'

type ArticleRef = { id: number; title: string; topics?: Array<number | { id: number }> | null }

/** Whatever writes ledger rows asks a worker to come by; the queue row commits (or not) with them. */
export async function wakeMailWorker(payload: Payload, req?: PayloadRequest): Promise<void> {
  await payload.jobs.queue({ task: 'deliverMail', input: {}, queue: MAIL_QUEUE, req })
}

/**
 * An article went live for the first time: record its announcement and one
 * ledger row per active `immediate` subscriber of any of its topics (or of all
 * topics), inside the publishing transaction. A subscriber of three matching
 * topics is one row (one SELECT row per subscriber), and the mailing's unique
 * article makes every later call a no-op: corrections, re-publishing after an
 * unpublish, a scheduled publish retried. `suppress` records the article as
 * announced without mail (seeding, imports).
 */
export async function announceArticle(
  req: PayloadRequest,
  article: ArticleRef,
  mode: 'send' | 'suppress',
): Promise<{ mailingId: number | null; recipients: number }> {
  const db = await dbFor(req.payload, req)
  const created = await db.execute(sql`
    INSERT INTO mailings (title, kind, state, article_id, recipients, updated_at, created_at)
    VALUES (${article.title}, 'article', ${mode === 'send' ? 'active' : 'suppressed'}, ${article.id}, 0, now(), now())
    ON CONFLICT (article_id) DO NOTHING
    RETURNING id`)
  const mailingId = (created.rows[0] as { id: number } | undefined)?.id ?? null
  if (mailingId === null || mode === 'suppress') return { mailingId, recipients: 0 }

  const topicIds = (article.topics ?? []).map((t) => (typeof t === 'object' ? t.id : t))
  const inserted = await db.execute(sql`
    INSERT INTO deliveries (kind, mailing_id, subscriber_id, state, attempts, next_attempt_at, updated_at, created_at)
    SELECT 'article', ${mailingId}, s.id, 'queued', 0, now(), now(), now()
    FROM subscribers s
    WHERE s.state = 'active' AND s.frequency = 'immediate'
      AND (s.all_topics OR EXISTS (
        SELECT 1 FROM subscribers_rels r
        WHERE r.parent_id = s.id AND r.path = 'topics' AND r.topics_id = ANY(${intArray(topicIds)}::int[])))
    ON CONFLICT (mailing_id, subscriber_id) DO NOTHING`)
  const recipients = inserted.rowCount ?? 0
  await db.execute(sql`UPDATE mailings SET recipients = ${recipients} WHERE id = ${mailingId}`)
  if (recipients > 0) await wakeMailWorker(req.payload, req)
  return { mailingId, recipients }
}

/**
 * Opens one week's digest: a mailing for the week and a ledger row for every
 * active `weekly` subscriber with at least one article published in their
 * topics that week; nobody gets an empty digest. Idempotent per week. The
 * articles themselves are read when each mail is rendered, so one unpublished
 * in between is left out.
 */
export async function openWeeklyDigest(
  payload: Payload,
  period: DigestPeriod = previousWeek(new Date()),
): Promise<{ mailingId: number | null; recipients: number }> {
  const db = pool(payload)
  const lastDay = new Date(period.end.getTime() - 1).toISOString()
  const title = `每周摘要 ${period.key}（${formatChineseDate(period.start.toISOString())}—${formatChineseDate(lastDay)}）`
  const created = await db.execute(sql`
    INSERT INTO mailings (title, kind, state, digest_week, period_start, period_end, recipients, updated_at, created_at)
    VALUES (${title}, 'digest', 'active', ${period.key}, ${period.start.toISOString()}, ${period.end.toISOString()}, 0, now(), now())
    ON CONFLICT (digest_week) DO NOTHING
    RETURNING id`)
  const mailingId = (created.rows[0] as { id: number } | undefined)?.id ?? null
  if (mailingId === null) return { mailingId, recipients: 0 }

  const inserted = await db.execute(sql`
    INSERT INTO deliveries (kind, mailing_id, subscriber_id, state, attempts, next_attempt_at, updated_at, created_at)
    SELECT 'digest', ${mailingId}, s.id, 'queued', 0, now(), now(), now()
    FROM subscribers s
    WHERE s.state = 'active' AND s.frequency = 'weekly'
      AND EXISTS (
        SELECT 1 FROM articles a
        WHERE a._status = 'published'
          AND a.published_at >= ${period.start.toISOString()} AND a.published_at < ${period.end.toISOString()}
          AND (s.all_topics OR EXISTS (
            SELECT 1 FROM articles_rels ar
            JOIN subscribers_rels sr ON sr.topics_id = ar.topics_id AND sr.path = 'topics' AND sr.parent_id = s.id
            WHERE ar.parent_id = a.id AND ar.path = 'topics')))
    ON CONFLICT (mailing_id, subscriber_id) DO NOTHING`)
  const recipients = inserted.rowCount ?? 0
  await db.execute(sql`UPDATE mailings SET recipients = ${recipients} WHERE id = ${mailingId}`)
  if (recipients > 0) await wakeMailWorker(payload)
  return { mailingId, recipients }
}

/** The articles of one digest for one subscriber, newest first, read at send time. */
export async function digestArticleIds(
  payload: Payload,
  subscriber: { id: number; allTopics: boolean },
  period: { start: string; end: string },
): Promise<number[]> {
  const result = await pool(payload).execute(sql`
    SELECT a.id FROM articles a
    WHERE a._status = 'published' AND a.published_at >= ${period.start} AND a.published_at < ${period.end}
      AND (${subscriber.allTopics} OR EXISTS (
        SELECT 1 FROM articles_rels ar
        JOIN subscribers_rels sr ON sr.topics_id = ar.topics_id AND sr.path = 'topics' AND sr.parent_id = ${subscriber.id}
        WHERE ar.parent_id = a.id AND ar.path = 'topics'))
    ORDER BY a.published_at DESC, a.id DESC
    LIMIT 50`)
  return (result.rows as Array<{ id: number }>).map((r) => r.id)
}
