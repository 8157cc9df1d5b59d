import type { SubscriptionApi, SubscriptionProblem, SubscriptionTokenPurpose } from '@newsroom/cms/contract'
import { z } from 'zod'
import { callSubscriptionApi } from '~/lib/cms/subscriptions.server'
import { env } from '~/lib/env.server'

/**
 * The subscription flow as the site's routes see it: typed calls to the CMS
 * (which validates, rate-limits and stores), replies checked with zod, errors
 * turned into one Chinese message per form field.
 */

export type Frequency = 'immediate' | 'weekly'
type FieldName = 'email' | 'topics' | 'frequency' | 'token' | 'form'
export type FormErrors = Partial<Record<FieldName, string>>

/**
 * Each reply is checked at run time (the CMS may be a different version during
 * a rolling deploy) against a schema typed by the CMS's contract: a field
 * renamed there fails `npm run typecheck` here.
 */
type Schema<T> = z.ZodType<T>

const viewSchema = z.object({
  state: z.enum(['pending', 'active', 'unsubscribed', 'bouncing']),
  email: z.string(),
  topics: z.array(z.object({ slug: z.string(), name: z.string() })),
  allTopics: z.boolean(),
  frequency: z.enum(['immediate', 'weekly']),
}) satisfies Schema<SubscriptionApi['token']['subscription']>
export type SubscriptionView = z.infer<typeof viewSchema>

const replySchemas = {
  token: z.object({ purpose: z.enum(['confirm', 'manage', 'unsubscribe']), subscription: viewSchema }),
  confirm: z.object({ subscription: viewSchema, manageToken: z.string() }),
  manage: z.object({ subscription: viewSchema, resumed: z.boolean() }),
  unsubscribe: z.object({ subscription: viewSchema }),
} satisfies { [A in Exclude<keyof SubscriptionApi, 'subscribe'>]: Schema<SubscriptionApi[A]> }

const errorsSchema = z.object({
  errors: z.array(z.object({ field: z.string().optional(), message: z.string() })).default([]),
  reason: z.enum(['malformed', 'unknown', 'expired', 'used']).optional() satisfies Schema<
    SubscriptionProblem['reason']
  >,
})

type Failure = { ok: false; status: number; errors: FormErrors; retryAfter: string | null; reason?: string }
export type Result<T> = ({ ok: true } & T) | Failure

const FIELDS: FieldName[] = ['email', 'topics', 'frequency', 'token', 'form']

function failure(status: number, body: unknown, retryAfter: string | null): Failure {
  const parsed = errorsSchema.safeParse(body)
  const errors: FormErrors = {}
  for (const e of parsed.success ? parsed.data.errors : []) {
    const field = FIELDS.includes(e.field as FieldName) ? (e.field as FieldName) : 'form'
    errors[field] ??= e.message
  }
  if (Object.keys(errors).length === 0) errors.form = '提交未成功，请检查后重试。'
  return { ok: false, status, errors, retryAfter, reason: parsed.success ? parsed.data.reason : undefined }
}

function unexpected(what: string): never {
  throw new Error(`CMS gave an unexpected reply to ${what}`)
}

export type SignUp = { email: string; topics: string[]; frequency: string; source: string }

export async function requestSubscription(input: SignUp, client: string | null): Promise<Result<object>> {
  const reply = await callSubscriptionApi('POST', 'subscribe', { body: input, clientAddress: client })
  if (reply.status === 202) return { ok: true }
  return failure(reply.status, reply.body, reply.retryAfter)
}

export type TokenPurpose = SubscriptionTokenPurpose

export async function inspectToken(
  token: string,
  purpose: TokenPurpose,
  client: string | null,
): Promise<Result<{ subscription: SubscriptionView }>> {
  const reply = await callSubscriptionApi('GET', 'token', { query: { token, purpose }, clientAddress: client })
  if (reply.status !== 200) return failure(reply.status, reply.body, reply.retryAfter)
  const parsed = replySchemas.token.safeParse(reply.body)
  return parsed.success ? { ok: true, subscription: parsed.data.subscription } : unexpected('token')
}

export async function confirmSubscription(
  token: string,
  client: string | null,
): Promise<Result<{ subscription: SubscriptionView; manageToken: string }>> {
  const reply = await callSubscriptionApi('POST', 'confirm', { body: { token }, clientAddress: client })
  if (reply.status !== 200) return failure(reply.status, reply.body, reply.retryAfter)
  const parsed = replySchemas.confirm.safeParse(reply.body)
  return parsed.success ? { ok: true, ...parsed.data } : unexpected('confirm')
}

export async function updateSubscription(
  token: string,
  preferences: { topics: string[]; frequency: string },
  client: string | null,
): Promise<Result<{ subscription: SubscriptionView; resumed: boolean }>> {
  const reply = await callSubscriptionApi('POST', 'manage', { body: { token, ...preferences }, clientAddress: client })
  if (reply.status !== 200) return failure(reply.status, reply.body, reply.retryAfter)
  const parsed = replySchemas.manage.safeParse(reply.body)
  return parsed.success ? { ok: true, ...parsed.data } : unexpected('manage')
}

export async function cancelSubscription(
  token: string,
  client: string | null,
): Promise<Result<{ subscription: SubscriptionView }>> {
  const reply = await callSubscriptionApi('POST', 'unsubscribe', { body: { token }, clientAddress: client })
  if (reply.status !== 200) return failure(reply.status, reply.body, reply.retryAfter)
  const parsed = replySchemas.unsubscribe.safeParse(reply.body)
  return parsed.success ? { ok: true, ...parsed.data } : unexpected('unsubscribe')
}

/** Larger posts are refused before anything is parsed (the form has a handful of short fields). */
const MAX_FORM_BYTES = 16 * 1024

/**
 * The posted form, read with a size cap. Takes urlencoded and multipart
 * bodies: RFC 8058 one-click unsubscribes may come as either.
 */
export async function readForm(request: Request): Promise<FormData | 'too-large' | 'invalid'> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > MAX_FORM_BYTES) return 'too-large'
  const reader = request.body?.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > MAX_FORM_BYTES) {
        await reader.cancel().catch(() => {})
        return 'too-large'
      }
      chunks.push(value)
    }
  }
  const type = request.headers.get('content-type') ?? 'application/x-www-form-urlencoded'
  try {
    return await new Response(Buffer.concat(chunks), { headers: { 'content-type': type } }).formData()
  } catch {
    return size === 0 ? new FormData() : 'invalid'
  }
}

export const formText = (form: FormData, name: string): string => {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}
export const formList = (form: FormData, name: string): string[] =>
  form.getAll(name).flatMap((v) => (typeof v === 'string' ? [v] : []))

/** Where a sign-up came from, for staff: our own page, or the partner site that embeds the form. */
export function signUpSource(request: Request): string {
  const own = new URL(env.SITE_URL).origin
  // server.js moves a cross-site post's Origin to x-newsroom-form-origin (Remix would refuse it otherwise).
  const from =
    request.headers.get('x-newsroom-form-origin') ?? request.headers.get('origin') ?? request.headers.get('referer')
  if (!from || from === 'null') return '网站订阅页'
  try {
    const url = new URL(from)
    if (url.origin !== own) return `合作网站 ${url.origin}`.slice(0, 200)
    return `网站 ${url.pathname}`.slice(0, 200)
  } catch {
    return '网站订阅页'
  }
}
