import { z } from 'zod'

const url = z
  .string()
  .url()
  .transform((s) => s.replace(/\/+$/, ''))

/** The site's settings, checked once at start: a wrong value fails loudly, not on the first reader. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  SITE_URL: url.default('http://localhost:3000'),
  CMS_URL: url.default('http://localhost:3001'),
  /** Where the site reaches the CMS; differs from CMS_URL behind a proxy. */
  CMS_INTERNAL_URL: url.optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * Shared with the CMS: signs draft-preview links (see preview-token.server.ts).
   * Optional: without it the site only checks a token's form and expiry and the
   * CMS, which always verifies the signature, is the one to refuse a forgery.
   */
  PREVIEW_SECRET: z.string().min(32, 'PREVIEW_SECRET must be at least 32 characters').optional(),
  /**
   * Shared with the CMS: vouches for the reader's address the site forwards to
   * the subscription endpoints (rate limiting). The launcher derives it from
   * PAYLOAD_SECRET for both; see docs/decisions/005.
   */
  INTERNAL_API_SECRET: z.string().min(32, 'INTERNAL_API_SECRET must be at least 32 characters').optional(),
  /** How many reverse proxies in front of the site append to X-Forwarded-For (0: readers connect directly). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
  /** The object store's public origin, when the CMS stores files in a bucket readers fetch from directly (page CSP). */
  S3_PUBLIC_URL: url.optional(),
})

const parsed = schema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')))
if (!parsed.success) {
  throw new Error(
    `Newsroom site settings are invalid:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`,
  )
}

export const env = { ...parsed.data, CMS_INTERNAL_URL: parsed.data.CMS_INTERNAL_URL ?? parsed.data.CMS_URL }
