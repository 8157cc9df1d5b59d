import { isSafeLinkUrl } from '../fields/richTextLinks'

/** Links in imported HTML: the same rule as the editor's (http(s), mailto, tel, site-relative). */
export const isSafeImportUrl = isSafeLinkUrl

const DATE_VALUE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/

/** 'YYYY-MM-DD' for a real calendar date written as 2016-04-18, 2016/4/18 or 2016年4月18日; else null. */
export function normaliseDate(value: string): string | null {
  const m = DATE_VALUE.exec(value.normalize('NFKC').trim())
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (y < 1900 || y > 2100) return null
  const probe = new Date(Date.UTC(y, mo - 1, d))
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** 09:00 in Shanghai on the given day: the same calendar date in UTC and local time (as the text importer does). */
export const dateToPublishedAt = (date: string) => new Date(`${date}T09:00:00+08:00`).toISOString()

/** The first ~120 characters of a paragraph, cut after a sentence end when one is near. */
export function summarise(paragraph: string, max = 120): string {
  const chars = [...paragraph]
  if (chars.length <= max) return paragraph
  const head = chars.slice(0, max).join('')
  const end = Math.max(head.lastIndexOf('。'), head.lastIndexOf('！'), head.lastIndexOf('？'), head.lastIndexOf('；'))
  return end >= max * 0.6 ? head.slice(0, end + 1) : `${head}…`
}
