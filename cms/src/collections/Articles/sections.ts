/** The four sections of the site; the values are part of the public URL contract (/sections/:section). */
export const SECTIONS = [
  { value: 'news', label: '新闻动态' },
  { value: 'policy', label: '政策解读' },
  { value: 'park', label: '合作园区' },
  { value: 'notice', label: '通知公告' },
] as const

export type SectionValue = (typeof SECTIONS)[number]['value']

const VALUES = new Set<string>(SECTIONS.map((s) => s.value))
/** Whether a query parameter names one of the sections. */
export const isSection = (value: string): value is SectionValue => VALUES.has(value)
