/**
 * Digest weeks are ISO weeks in China Standard Time (UTC+8, no daylight
 * saving): Monday 00:00 to the next Monday 00:00 in Shanghai. The key
 * (`2026-W48`) names a digest once and for all, which is what makes a retried
 * or doubled digest job harmless.
 */
const DAY = 86_400_000
const CST_OFFSET = 8 * 3_600_000

export type DigestPeriod = { key: string; start: Date; end: Date }

function mondayOfWeekOne(year: number): number {
  const jan4 = Date.UTC(year, 0, 4)
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY
}

/** The ISO week containing `instant`, as seen on a Shanghai calendar. */
export function weekContaining(instant: Date): DigestPeriod {
  const wall = instant.getTime() + CST_OFFSET
  const midnight = Math.floor(wall / DAY) * DAY
  const monday = midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY
  const thursday = new Date(monday + 3 * DAY)
  const year = thursday.getUTCFullYear()
  const week = Math.round((monday - mondayOfWeekOne(year)) / (7 * DAY)) + 1
  return {
    key: `${year}-W${String(week).padStart(2, '0')}`,
    start: new Date(monday - CST_OFFSET),
    end: new Date(monday + 7 * DAY - CST_OFFSET),
  }
}

/** The week before the one containing `instant`: what a Monday-morning digest covers. */
export const previousWeek = (instant: Date): DigestPeriod =>
  weekContaining(new Date(weekContaining(instant).start.getTime() - 1))

const WEEK_KEY = /^(\d{4})-W(\d{2})$/

export function weekFromKey(key: string): DigestPeriod | null {
  const match = WEEK_KEY.exec(key)
  if (!match) return null
  const [year, week] = [Number(match[1]), Number(match[2])]
  if (week < 1 || week > 53) return null
  const period = weekContaining(new Date(mondayOfWeekOne(year) + (week - 1) * 7 * DAY + DAY / 2 - CST_OFFSET))
  return period.key === key ? period : null
}
