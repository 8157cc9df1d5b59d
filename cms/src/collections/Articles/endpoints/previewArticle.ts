import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Endpoint, GeneratePreviewURL, PayloadRequest } from 'payload'
import type { ArticleDetail, ArticleLink } from '../../../contract'
import { answer, jsonError, rateLimited } from '../../../endpoints/respond'
import { env } from '../../../lib/env'
import { callerAddressKey } from '../../../lib/internalApi'
import { hitRateLimit, type RateLimitRule, tooManyMessage } from '../../../lib/rateLimit'
import type { Article } from '../../../payload-types'

/**
 * Draft preview on the real site (SPEC: editors preview from the admin).
 *
 * Protocol, shared with site/app/lib/preview-token.server.ts:
 *   token     = `<articleId>.<expiresUnixSeconds>.<signature>`
 *   signature = base64url(HMAC-SHA256(PREVIEW_SECRET, `newsroom-preview:v1:articles:<id>:<expires>`))
 *   link      = `${SITE_URL}/preview?token=<token>`
 * The admin builds the link for staff only (admin.preview runs in the admin's
 * form state); the site forwards the token to `GET /api/articles/preview`,
 * which answers the article's latest version, draft included. A token names
 * one article and expires, so a forwarded link cannot open anything else and
 * stops working; no staff credentials ever reach the site.
 */

/** Long enough for an editing session; the admin makes a fresh link whenever the form state is rebuilt. */
const PREVIEW_TTL_SECONDS = 2 * 60 * 60

const previewSecret: string =
  env.PREVIEW_SECRET ?? createHmac('sha256', env.PAYLOAD_SECRET).update('newsroom preview links').digest('hex')

const TOKEN = /^([1-9][0-9]{0,9})\.([1-9][0-9]{9,10})\.([A-Za-z0-9_-]{43})$/

export function previewSignature(secret: string, articleId: number, expires: number): string {
  return createHmac('sha256', secret).update(`newsroom-preview:v1:articles:${articleId}:${expires}`).digest('base64url')
}

export function makePreviewToken(articleId: number, now = Date.now(), secret = previewSecret): string {
  const expires = Math.floor(now / 1000) + PREVIEW_TTL_SECONDS
  return `${articleId}.${expires}.${previewSignature(secret, articleId, expires)}`
}

export type PreviewTokenCheck =
  | { ok: true; articleId: number }
  | { ok: false; reason: 'malformed' | 'expired' | 'forged' }

export function verifyPreviewToken(token: string, now = Date.now(), secret = previewSecret): PreviewTokenCheck {
  const match = TOKEN.exec(token)
  if (!match) return { ok: false, reason: 'malformed' }
  const [, id, expires, signature] = match
  if (Number(expires) * 1000 < now) return { ok: false, reason: 'expired' }
  const expected = Buffer.from(previewSignature(secret, Number(id), Number(expires)))
  const given = Buffer.from(signature!)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' }
  return { ok: true, articleId: Number(id) }
}

/** `admin.preview` of articles: the 预览 button opens the draft on the site. */
export const articlePreviewUrl: GeneratePreviewURL = (doc) => {
  const id = typeof doc?.id === 'number' ? doc.id : Number(doc?.id)
  if (!Number.isInteger(id) || id < 1) return null
  return `${env.SITE_URL}/preview?token=${makePreviewToken(id)}`
}

/**
 * Refused tokens per caller address (the reader the site vouches for, else the
 * caller): guessing signatures is hopeless, but an endless stream of them is
 * load and noise. Valid tokens are never counted, so an editor previewing all
 * day is never held up, even behind the office's one address.
 */
const PREVIEW_FAILURE_LIMIT: RateLimitRule = { limit: 30, windowSeconds: 10 * 60 }

/**
 * `GET /api/articles/preview?token=…` → 200 `{ doc }`: the article's latest
 * version (draft or published) as the contract's ArticleDetail, the same
 * fields the live page reads through SQL (endpoints/articlePage.ts).
 * 400 malformed token, 403 expired or forged, 404 article gone, 429 with
 * Retry-After after PREVIEW_FAILURE_LIMIT refused tokens. Never cached.
 */
export const previewArticleEndpoint: Endpoint = {
  path: '/preview',
  method: 'get',
  handler: async (req) => {
    const token = req.searchParams.get('token') ?? ''
    const check = verifyPreviewToken(token)
    if (!check.ok) {
      const verdict = await hitRateLimit(
        req.payload,
        `preview:failed:${callerAddressKey(req.headers)}`,
        PREVIEW_FAILURE_LIMIT,
      )
      if (!verdict.allowed) return rateLimited(verdict.retryAfterSeconds, tooManyMessage(verdict.retryAfterSeconds))
      if (check.reason === 'malformed') return jsonError(400, 'PREVIEW_TOKEN_MALFORMED', '预览链接格式不正确。')
      return jsonError(
        403,
        check.reason === 'expired' ? 'PREVIEW_TOKEN_EXPIRED' : 'PREVIEW_TOKEN_INVALID',
        '预览链接无效或已过期，请回到后台重新点击预览。',
      )
    }
    const doc = await req.payload
      .findByID({
        collection: 'articles',
        id: check.articleId,
        draft: true,
        depth: 1,
        // The signed token is the permission: it was issued to staff for this one article.
        overrideAccess: true,
        populate: {
          topics: { name: true, slug: true },
          articles: { title: true, slug: true },
          pages: { title: true, slug: true },
        },
        disableErrors: true,
        req,
      })
      .catch(() => null)
    if (!doc) return jsonError(404, 'ARTICLE_NOT_FOUND', '文章不存在或已被删除。')
    return answer('/articles/preview', { doc: await articleDetail(doc, req) }, PREVIEW_HEADERS)
  },
}

const PREVIEW_HEADERS = { 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' }

/**
 * The draft in the contract's shape: what findByID gives at depth 1, narrowed
 * to the fields the page reads, with what the SQL road adds (the published
 * interpretations this one replaces).
 */
async function articleDetail(doc: Article, req: PayloadRequest): Promise<ArticleDetail> {
  const replaced = await req.payload.find({
    collection: 'articles',
    where: { and: [{ 'policy.replacedBy': { equals: doc.id } }, { _status: { equals: 'published' } }] },
    sort: '-publishedAt',
    select: { title: true, slug: true },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const replaces: ArticleLink[] = replaced.docs.flatMap((x) => (x.slug ? [{ title: x.title, slug: x.slug }] : []))
  // The live page names the replacement as it is published, not as its latest draft reads.
  const replacementId = typeof doc.policy?.replacedBy === 'object' ? doc.policy.replacedBy?.id : doc.policy?.replacedBy
  const replacement = replacementId
    ? await req.payload.find({
        collection: 'articles',
        where: { and: [{ id: { equals: replacementId } }, { _status: { equals: 'published' } }] },
        select: { title: true, slug: true },
        depth: 0,
        limit: 1,
        pagination: false,
        overrideAccess: true,
        req,
      })
    : null
  const replacedBy = replacement?.docs[0]?.slug
    ? { title: replacement.docs[0].title, slug: replacement.docs[0].slug }
    : null
  const objects = <T>(values: (T | number)[] | null | undefined) =>
    (values ?? []).filter((value): value is T => typeof value === 'object')
  const object = <T>(value: T | number | null | undefined) => (value && typeof value === 'object' ? value : null)
  return {
    id: doc.id,
    title: doc.title,
    slug: doc.slug,
    section: doc.section,
    summary: doc.summary ?? null,
    content: doc.content ?? null,
    publishedAt: doc.publishedAt ?? null,
    updatedAt: doc.updatedAt,
    bylines: {
      source: doc.bylines?.source ?? null,
      author: doc.bylines?.author ?? null,
      editor: doc.bylines?.editor ?? null,
    },
    policy: {
      originalTitle: doc.policy?.originalTitle ?? null,
      issuer: doc.policy?.issuer ?? null,
      documentNumber: doc.policy?.documentNumber ?? null,
      issuedDate: doc.policy?.issuedDate ?? null,
      originalUrl: doc.policy?.originalUrl ?? null,
      originalFile: object(doc.policy?.originalFile),
      status: doc.policy?.status ?? 'valid',
      replacedBy,
    },
    replaces,
    park: {
      location: doc.park?.location ?? null,
      foundedDate: doc.park?.foundedDate ?? null,
      focusIndustries: doc.park?.focusIndustries ?? [],
      contact: doc.park?.contact ?? null,
      website: doc.park?.website ?? null,
    },
    meta: {
      title: doc.meta?.title ?? null,
      description: doc.meta?.description ?? null,
      image: object(doc.meta?.image),
    },
    _status: doc._status ?? 'draft',
    heroImage: object(doc.heroImage),
    attachments: objects(doc.attachments),
    topics: objects(doc.topics).map(({ id, name, slug }) => ({ id, name, slug })),
  }
}
