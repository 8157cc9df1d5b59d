/**
 * The one date formatter and the reading-time rule. Dates are shown in
 * Shanghai time whatever the server's zone, so a 00:30 publication is not
 * shown as the previous day.
 */
export const TIME_ZONE = 'Asia/Shanghai'

const dateParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})
const timeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

function toDate(value: string | Date | null | undefined): Date | null {
  if (!value) return null
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

/** `2016-04-18`: lists and bylines, as Chinese official sites show them. */
export function formatDate(value: string | Date | null | undefined): string {
  const date = toDate(value)
  return date ? dateParts.format(date) : ''
}

/** `2016年4月18日` */
export function formatDateLong(value: string | Date | null | undefined): string {
  const date = toDate(value)
  if (!date) return ''
  const [y, m, d] = dateParts.format(date).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** `2016-04-18 10:00` */
export function formatDateTime(value: string | Date | null | undefined): string {
  const date = toDate(value)
  return date ? `${dateParts.format(date)} ${timeParts.format(date)}` : ''
}

/** The first instant of a month in Shanghai, as an ISO string (UTC+8 has no DST). */
export function monthStartIso(year: number, month: number): string {
  return new Date(Date.UTC(year, month - 1, 1, -8)).toISOString()
}

/** Readers of Chinese read about 400 characters a minute; latin words and numbers count as one each. */
export const CHARACTERS_PER_MINUTE = 400

export function countReadableCharacters(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0
  const words = text.replace(/\p{Script=Han}/gu, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0
  return han + words
}

export function readingMinutes(characters: number): number {
  return Math.max(1, Math.round(characters / CHARACTERS_PER_MINUTE))
}
