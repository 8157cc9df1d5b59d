import { z } from 'zod'

/**
 * The public subscription contract (POST /subscribe on the site, forwarded to
 * POST /api/subscriptions/subscribe): `email`, `topics` (slugs, or `all`),
 * `frequency`. The CMS is the one place that validates it; messages are for
 * people, in Chinese, one per field.
 */

// Payload's own e-mail rule (fields/validations.js), so what passes here also saves.
const EMAIL =
  /^(?!.*\.\.)[\w!#$%&'*+/=?^`{|}~-](?:[\w!#$%&'*+/=?^`{|}~.-]*[\w!#$%&'*+/=?^`{|}~-])?@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/i
// CR/LF would let an address smuggle extra mail headers; other control characters have no business in one either.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/

export const ALL_TOPICS = 'all'
const MAX_TOPICS = 100
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/

const emailSchema = z
  .string({ error: '请填写电子邮箱。' })
  .refine((v) => !CONTROL.test(v), '电子邮箱含有不允许的字符（如换行）。')
  .transform((v) => v.trim())
  .refine((v) => v.length > 0, '请填写电子邮箱。')
  .refine((v) => v.length <= 254, '电子邮箱过长，最多 254 个字符。')
  .refine((v) => EMAIL.test(v) && v.split('@')[0].length <= 64, '电子邮箱格式不正确，请检查后重新填写。')
  .transform((v) => v.toLowerCase())

const frequencySchema = z.enum(['immediate', 'weekly'], { error: '推送频率只能是“即时推送”或“每周摘要”。' })

const topicsSchema = z
  .array(z.string({ error: '专题选择有误。' }), { error: '专题选择有误。' })
  .max(MAX_TOPICS, '选择的专题过多。')
  .refine((list) => list.every((s) => !CONTROL.test(s) && s.length <= 100), '专题选择有误。')
  .transform((list) => [...new Set(list.map((s) => s.trim()).filter(Boolean))])
  .refine((list) => list.length > 0, '请至少选择一个专题，或选择“全部专题”。')
  .refine((list) => list.every((s) => s === ALL_TOPICS || SLUG.test(s)), '专题选择有误。')

export const subscribeSchema = z.object({
  email: emailSchema,
  topics: topicsSchema,
  frequency: frequencySchema,
  source: z
    .string()
    .optional()
    .transform((v) => (v ? v.replace(CONTROL, ' ').trim().slice(0, 200) : undefined)),
})

export const preferencesSchema = z.object({ topics: topicsSchema, frequency: frequencySchema })

export const tokenSchema = z.string({ error: '链接缺少令牌。' }).max(200, '链接无效。')

export type FieldError = { field: string; message: string }

export function fieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>()
  const out: FieldError[] = []
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form')
    if (seen.has(field)) continue
    seen.add(field)
    out.push({ field, message: issue.message })
  }
  return out
}
