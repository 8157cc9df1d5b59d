import { stripIllegalChars } from '~/lib/html'

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** Text or attribute value for XML: illegal characters dropped, the five specials escaped. */
export function escapeXml(value: unknown): string {
  const text = typeof value === 'string' ? value : value == null ? '' : String(value)
  return stripIllegalChars(text).replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!)
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'

/** RFC 3339 / W3C datetime (sitemaps, Atom), whole seconds. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`
}
