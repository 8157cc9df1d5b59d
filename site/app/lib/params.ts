import { z } from 'zod'

/**
 * URL parameters as the site accepts them. Anything else (page=abc, page=0,
 * month=13, odd characters, 5000-character values) is not an error of ours but
 * a page that does not exist: parsers return null and routes answer 404.
 */

/** Same shape as the CMS's slugs (cms/src/lib/slugify.ts): lower-case latin, digits, single hyphens. */
const slugSchema = z
  .string()
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)

export function parseSlug(value: unknown): string | null {
  const parsed = slugSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

/** Pages are 1-based; more than 5 digits cannot be a real page of ours. */
const pageSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,4}$/)
  .transform(Number)

/** `?page=N`: absent means 1, anything malformed means null (404). */
export function parsePage(searchParams: URLSearchParams): number | null {
  const values = searchParams.getAll('page')
  if (values.length === 0) return 1
  if (values.length > 1) return null
  const parsed = pageSchema.safeParse(values[0])
  return parsed.success ? parsed.data : null
}

export const FIRST_ARCHIVE_YEAR = 2000

export function parseYear(value: unknown, now = new Date()): number | null {
  if (typeof value !== 'string' || !/^[0-9]{4}$/.test(value)) return null
  const year = Number(value)
  return year >= FIRST_ARCHIVE_YEAR && year <= now.getUTCFullYear() + 1 ? year : null
}

/** `1`–`12`, with or without a leading zero (`/archive/2016/04` and `/archive/2016/4`). */
export function parseMonth(value: unknown): number | null {
  if (typeof value !== 'string' || !/^(0?[1-9]|1[0-2])$/.test(value)) return null
  return Number(value)
}
