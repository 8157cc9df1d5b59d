import { createHash } from 'node:crypto'
import { sql } from '@payloadcms/db-postgres'
import {
  commitTransaction,
  type Endpoint,
  initTransaction,
  killTransaction,
  type Payload,
  type PayloadRequest,
} from 'payload'
import type { SubscriptionApi, SubscriptionProblem, SubscriptionView } from '../contract'
import { clientAddressKey } from '../lib/internalApi'
import { hitRateLimit, type RateLimitRule, tooManyMessage } from '../lib/rateLimit'
import { dbFor, pool } from '../lib/sql'
import { wakeMailWorker } from './announce'
import { consumeToken, inspectToken, issueTokens, type TokenLookup, type TokenPurpose } from './tokens'
import { ALL_TOPICS, type FieldError, fieldErrors, preferencesSchema, subscribeSchema, tokenSchema } from './validation'

/**
 * The public subscription API, called by the site's /subscribe,
 * /subscribe/confirm, /subscription and /unsubscribe routes (which forward the
 * reader's address, see lib/internalApi.ts). JSON in, JSON out:
 *
 *   POST /api/subscriptions/subscribe    { email, topics: slug[] | ['all'], frequency, source? } → 202
 *   GET  /api/subscriptions/token?token=&purpose=confirm|manage|unsubscribe            → 200 view
 *   POST /api/subscriptions/confirm      { token }                         → 200 view (+ manageToken)
 *   POST /api/subscriptions/manage       { token, topics, frequency }      → 200 view
 *   POST /api/subscriptions/unsubscribe  { token }                         → 200 view
 *
 * Errors: 400 { errors: [{ field, message }] }, 404 unknown token, 410 used or
 * expired token, 429 { errors, retryAfter } with Retry-After. Subscribe
 * answers the same 202 whatever the address's state: nobody learns from it who
 * is subscribed.
 */

const LIMITS = {
  subscribeByClient: { limit: 20, windowSeconds: 600 },
  subscribeByEmail: { limit: 5, windowSeconds: 3600 },
  tokenByClient: { limit: 120, windowSeconds: 600 },
  // Mail providers send RFC 8058 one-click POSTs for all their users from a few addresses.
  unsubscribeByClient: { limit: 1200, windowSeconds: 600 },
} satisfies Record<string, RateLimitRule>

const MAX_BODY_BYTES = 16 * 1024
/** A repeated sign-up mails the address at most this often, whatever is posted. */
const CONFIRMATION_INTERVAL = '1 day'

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } })
/** A successful answer, typed by the contract the site reads it through (cms/src/contract). */
const answer = <A extends keyof SubscriptionApi>(_action: A, body: SubscriptionApi[A], status = 200) =>
  json(body, status)
const refuse = (body: SubscriptionProblem, status: number, headers?: Record<string, string>) =>
  json(body, status, headers)
const badRequest = (errors: FieldError[]) => refuse({ errors }, 400)

function tooMany(retryAfterSeconds: number) {
  return refuse(
    { errors: [{ field: 'form', message: tooManyMessage(retryAfterSeconds) }], retryAfter: retryAfterSeconds },
    429,
    { 'Retry-After': String(retryAfterSeconds) },
  )
}

const TOKEN_PROBLEMS: Record<Exclude<TokenLookup['status'], 'valid'>, { status: number; message: string }> = {
  malformed: { status: 400, message: '链接不完整或已损坏，请从邮件中重新打开。' },
  unknown: { status: 404, message: '链接无效，请从邮件中重新打开。' },
  expired: { status: 410, message: '链接已过期。请在订阅页重新提交您的邮箱，我们会发送新的链接。' },
  used: { status: 410, message: '此链接已经使用过。' },
}
const tokenProblem = (status: Exclude<TokenLookup['status'], 'valid'>) =>
  refuse(
    { errors: [{ field: 'token', message: TOKEN_PROBLEMS[status].message }], reason: status },
    TOKEN_PROBLEMS[status].status,
  )

async function readBody(req: PayloadRequest): Promise<{ body: Record<string, unknown> } | { error: Response }> {
  const raw = typeof req.text === 'function' ? await req.text() : ''
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES)
    return { error: badRequest([{ field: 'form', message: '提交的内容过长。' }]) }
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {}
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return { body: parsed as Record<string, unknown> }
  } catch {}
  return { error: badRequest([{ field: 'form', message: '请求格式不正确。' }]) }
}

async function limited(req: PayloadRequest, name: string, key: string, rule: RateLimitRule): Promise<Response | null> {
  const verdict = await hitRateLimit(req.payload, `${name}:${key}`, rule)
  return verdict.allowed ? null : tooMany(verdict.retryAfterSeconds)
}

/** The start of every POST that carries a link token: the per-client limit, the JSON body, the token's shape. */
async function readTokenPost(
  req: PayloadRequest,
): Promise<{ token: string; body: Record<string, unknown> } | { error: Response }> {
  const limit = await limited(req, 'token:client', clientAddressKey(req.headers), LIMITS.tokenByClient)
  if (limit) return { error: limit }
  const read = await readBody(req)
  if ('error' in read) return read
  const token = tokenSchema.safeParse(read.body.token)
  if (!token.success) return { error: tokenProblem('malformed') }
  return { token: token.data, body: read.body }
}

const emailKey = (email: string) => createHash('sha256').update(email).digest('hex').slice(0, 32)

function maskEmail(email: string): string {
  const [local, domain] = email.split('@')
  return `${local.slice(0, 1)}${'*'.repeat(Math.min(6, Math.max(2, local.length - 1)))}@${domain}`
}

/** Slugs → topic ids; unknown slugs are a 400 naming them. */
async function resolveTopics(
  payload: Payload,
  slugs: string[],
): Promise<{ ids: number[]; all: boolean } | { errors: FieldError[] }> {
  if (slugs.includes(ALL_TOPICS)) return { ids: [], all: true }
  const found = await payload.find({
    collection: 'topics',
    where: { slug: { in: slugs } },
    limit: slugs.length,
    depth: 0,
    pagination: false,
    overrideAccess: true,
    select: { slug: true },
  })
  const known = new Set(found.docs.map((t) => t.slug))
  const unknown = slugs.filter((s) => !known.has(s))
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).join('、')
    return {
      errors: [
        { field: 'topics', message: `没有这些专题：${shown}${unknown.length > 5 ? ' 等' : ''}。请从列表中选择。` },
      ],
    }
  }
  return { ids: found.docs.map((t) => t.id), all: false }
}

async function view(payload: Payload, subscriberId: number): Promise<SubscriptionView | null> {
  const doc = await payload.findByID({
    collection: 'subscribers',
    id: subscriberId,
    depth: 1,
    overrideAccess: true,
    disableErrors: true,
  })
  if (!doc) return null
  return {
    state: doc.state,
    email: maskEmail(doc.email),
    topics: (doc.topics ?? []).flatMap((t) =>
      t && typeof t === 'object' ? [{ slug: t.slug ?? '', name: t.name }] : [],
    ),
    allTopics: Boolean(doc.allTopics),
    frequency: doc.frequency,
  }
}

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string }; data?: { errors?: Array<{ path?: string }> } }
  return e?.code === '23505' || e?.cause?.code === '23505' || Boolean(e?.data?.errors?.some((x) => x.path === 'email'))
}

async function inTransaction<T>(req: PayloadRequest, work: () => Promise<T>): Promise<T> {
  const owns = await initTransaction(req)
  try {
    const result = await work()
    if (owns) await commitTransaction(req)
    return result
  } catch (error) {
    if (owns) await killTransaction(req)
    throw error
  }
}

/**
 * Records (or refreshes) a sign-up and, at most once a day per address, queues
 * the one mail a pending address may get: the confirmation. An address that is
 * already active is left as it is; its owner gets a "you are already
 * subscribed" mail with a manage link instead (same daily limit).
 */
async function recordSignUp(
  req: PayloadRequest,
  input: { email: string; topicIds: number[]; allTopics: boolean; frequency: 'immediate' | 'weekly'; source?: string },
): Promise<void> {
  const { payload } = req
  const existing = await payload.find({
    collection: 'subscribers',
    where: { email: { equals: input.email } },
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const current = existing.docs[0]
  const wish = { topics: input.topicIds, allTopics: input.allTopics, frequency: input.frequency }
  let id: number
  if (!current) {
    const created = await payload.create({
      collection: 'subscribers',
      data: { email: input.email, ...wish, state: 'pending', source: input.source ?? '网站订阅页' },
      overrideAccess: true,
      req,
    })
    id = created.id
  } else {
    id = current.id
    if (current.state !== 'active') {
      await payload.update({
        collection: 'subscribers',
        id,
        data: { ...wish, state: 'pending', ...(input.source ? { source: input.source } : {}) },
        overrideAccess: true,
        req,
      })
    }
  }
  const db = await dbFor(req.payload, req)
  const due = await db.execute(sql`
    UPDATE subscribers SET confirmation_requested_at = now()
    WHERE id = ${id} AND (confirmation_requested_at IS NULL OR confirmation_requested_at < now() - ${CONFIRMATION_INTERVAL}::interval)
    RETURNING id`)
  if (due.rows.length === 0) return
  await db.execute(sql`
    INSERT INTO deliveries (kind, subscriber_id, state, attempts, next_attempt_at, updated_at, created_at)
    VALUES ('confirmation', ${id}, 'queued', 0, now(), now(), now())`)
  await wakeMailWorker(payload, req)
}

const subscribe: Endpoint = {
  path: '/subscriptions/subscribe',
  method: 'post',
  handler: async (req) => {
    const client = clientAddressKey(req.headers)
    const byClient = await limited(req, 'subscribe:client', client, LIMITS.subscribeByClient)
    if (byClient) return byClient
    const read = await readBody(req)
    if ('error' in read) return read.error
    const parsed = subscribeSchema.safeParse(read.body)
    if (!parsed.success) return badRequest(fieldErrors(parsed.error))
    const byEmail = await limited(req, 'subscribe:email', emailKey(parsed.data.email), LIMITS.subscribeByEmail)
    if (byEmail) return byEmail
    const topics = await resolveTopics(req.payload, parsed.data.topics)
    if ('errors' in topics) return badRequest(topics.errors)

    const input = { ...parsed.data, topicIds: topics.ids, allTopics: topics.all }
    for (let attempt = 1; ; attempt++) {
      try {
        await inTransaction(req, () => recordSignUp(req, input))
        break
      } catch (error) {
        // Two sign-ups of one new address at once: the loser finds the winner's row on its second go.
        if (attempt < 2 && isUniqueViolation(error)) continue
        throw error
      }
    }
    return answer(
      'subscribe',
      { ok: true, message: '请查收邮件：我们已向您填写的邮箱发送确认链接，点击确认后订阅才会生效。' },
      202,
    )
  },
}

const PURPOSES: Record<string, TokenPurpose[]> = {
  confirm: ['confirm'],
  manage: ['manage'],
  // The manage page can unsubscribe too, so a manage token opens the unsubscribe page.
  unsubscribe: ['unsubscribe', 'manage'],
}

const inspect: Endpoint = {
  path: '/subscriptions/token',
  method: 'get',
  handler: async (req) => {
    const url = new URL(req.url ?? '', 'http://cms.invalid')
    const purposes = PURPOSES[url.searchParams.get('purpose') ?? '']
    if (!purposes) return badRequest([{ field: 'purpose', message: '未知的链接类型。' }])
    const limit = await limited(req, 'token:client', clientAddressKey(req.headers), LIMITS.tokenByClient)
    if (limit) return limit
    const token = tokenSchema.safeParse(url.searchParams.get('token') ?? '')
    if (!token.success) return tokenProblem('malformed')
    const found = await inspectToken(pool(req.payload), token.data, purposes)
    if (found.status !== 'valid') return tokenProblem(found.status)
    const current = await view(req.payload, found.subscriberId)
    return current ? answer('token', { purpose: found.purpose, subscription: current }) : tokenProblem('unknown')
  },
}

const confirm: Endpoint = {
  path: '/subscriptions/confirm',
  method: 'post',
  handler: async (req) => {
    const read = await readTokenPost(req)
    if ('error' in read) return read.error
    const { token } = read

    const outcome = await inTransaction(req, async () => {
      const db = await dbFor(req.payload, req)
      const used = await consumeToken(db, token, 'confirm')
      if (used.status !== 'valid') return used
      const activated = await db.execute(sql`
        UPDATE subscribers SET state = 'active', consent_at = now(), unsubscribed_at = NULL, bounce_count = 0, updated_at = now()
        WHERE id = ${used.subscriberId} AND state = 'pending'
        RETURNING id`)
      // Older confirmation links for this address die with the first one used.
      await db.execute(sql`
        UPDATE subscription_tokens SET used_at = now(), updated_at = now()
        WHERE subscriber_id = ${used.subscriberId} AND purpose = 'confirm' AND used_at IS NULL`)
      if (activated.rows.length === 0) {
        const state = await db.execute(sql`SELECT state FROM subscribers WHERE id = ${used.subscriberId}`)
        if ((state.rows[0] as { state?: string } | undefined)?.state !== 'active') return { status: 'used' as const }
      }
      const [manage] = await issueTokens(db, [{ subscriberId: used.subscriberId, purpose: 'manage' }])
      return { status: 'valid' as const, subscriberId: used.subscriberId, manageToken: manage.token }
    })
    if (outcome.status !== 'valid') return tokenProblem(outcome.status)
    const confirmed = await view(req.payload, outcome.subscriberId)
    if (!confirmed) return tokenProblem('unknown')
    return answer('confirm', { subscription: confirmed, manageToken: outcome.manageToken })
  },
}

const manage: Endpoint = {
  path: '/subscriptions/manage',
  method: 'post',
  handler: async (req) => {
    const read = await readTokenPost(req)
    if ('error' in read) return read.error
    const { token } = read
    const found = await inspectToken(pool(req.payload), token, ['manage'])
    if (found.status !== 'valid') return tokenProblem(found.status)
    const parsed = preferencesSchema.safeParse(read.body)
    if (!parsed.success) return badRequest(fieldErrors(parsed.error))
    const topics = await resolveTopics(req.payload, parsed.data.topics)
    if ('errors' in topics) return badRequest(topics.errors)

    const before = await req.payload.findByID({
      collection: 'subscribers',
      id: found.subscriberId,
      depth: 0,
      overrideAccess: true,
      disableErrors: true,
    })
    if (!before) return tokenProblem('unknown')
    // Saving preferences from a link in one's own mailbox is consent enough to resume a stopped subscription.
    const resumes = before.state === 'unsubscribed' || before.state === 'bouncing'
    await req.payload.update({
      collection: 'subscribers',
      id: found.subscriberId,
      data: {
        topics: topics.ids,
        allTopics: topics.all,
        frequency: parsed.data.frequency,
        ...(resumes
          ? { state: 'active', consentAt: new Date().toISOString(), unsubscribedAt: null, bounceCount: 0 }
          : {}),
      },
      overrideAccess: true,
    })
    const updated = await view(req.payload, found.subscriberId)
    return updated ? answer('manage', { subscription: updated, resumed: resumes }) : tokenProblem('unknown')
  },
}

const unsubscribe: Endpoint = {
  path: '/subscriptions/unsubscribe',
  method: 'post',
  handler: async (req) => {
    const limit = await limited(req, 'unsubscribe:client', clientAddressKey(req.headers), LIMITS.unsubscribeByClient)
    if (limit) return limit
    const read = await readBody(req)
    if ('error' in read) return read.error
    const token = tokenSchema.safeParse(read.body.token)
    if (!token.success) return tokenProblem('malformed')
    const found = await inspectToken(pool(req.payload), token.data, PURPOSES.unsubscribe)
    if (found.status !== 'valid') return tokenProblem(found.status)
    // Idempotent: a second click (or a mail provider's retry) changes nothing and still answers 200.
    await pool(req.payload).execute(sql`
      UPDATE subscribers SET state = 'unsubscribed', unsubscribed_at = now(), updated_at = now()
      WHERE id = ${found.subscriberId} AND state <> 'unsubscribed'`)
    const stopped = await view(req.payload, found.subscriberId)
    return stopped ? answer('unsubscribe', { subscription: stopped }) : tokenProblem('unknown')
  },
}

export const subscriptionEndpoints: Endpoint[] = [subscribe, inspect, confirm, manage, unsubscribe]
