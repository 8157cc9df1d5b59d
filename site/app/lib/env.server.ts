import { z } from 'zod'

const url = z.string().url().transform((s) => s.replace(/\/+$/, ''))

/** The site's settings, checked once at start: a wrong value fails loudly, not on the first reader. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  SITE_URL: url.default('http://localhost:3000'),
  CMS_URL: url.default('http://localhost:3001'),
  /** Where the site reaches the CMS; differs from CMS_URL behind a proxy. */
  CMS_INTERNAL_URL: url.optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
})

const parsed = schema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')))
if (!parsed.success) {
  throw new Error(`Newsroom site settings are invalid:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`)
}

export const env = { ...parsed.data, CMS_INTERNAL_URL: parsed.data.CMS_INTERNAL_URL ?? parsed.data.CMS_URL }
