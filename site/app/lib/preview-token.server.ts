import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Draft-preview links: `/preview?token=<articleId>.<expiresUnixSeconds>.<signature>`
 * with signature = base64url(HMAC-SHA256(PREVIEW_SECRET, "newsroom-preview:v1:articles:<id>:<expires>")).
 *
 * The CMS makes them (admin.preview of articles) and is the authority: its
 * `GET /api/articles/preview?token=` verifies and returns the draft. This
 * copy lets the site refuse garbage and expired links without asking the CMS.
 * The two implementations share the test vector in preview-token.server.test.ts.
 */
const PREVIEW_TOKEN = /^([1-9][0-9]{0,9})\.([1-9][0-9]{9,10})\.([A-Za-z0-9_-]{43})$/

export function previewSignature(secret: string, articleId: number, expires: number): string {
  return createHmac('sha256', secret).update(`newsroom-preview:v1:articles:${articleId}:${expires}`).digest('base64url')
}

export type PreviewCheck = 'valid' | 'malformed' | 'expired' | 'forged'

export function checkPreviewToken(token: string, secret: string | undefined, now = Date.now()): PreviewCheck {
  const match = PREVIEW_TOKEN.exec(token)
  if (!match) return 'malformed'
  const [, id, expires, signature] = match
  if (Number(expires) * 1000 < now) return 'expired'
  if (!secret) return 'valid'
  const expected = Buffer.from(previewSignature(secret, Number(id), Number(expires)))
  const given = Buffer.from(signature!)
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'valid' : 'forged'
}
