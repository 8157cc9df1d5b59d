import escapeHtmlText from 'escape-html'

/**
 * Characters that are illegal in XML 1.0 and meaningless in HTML: C0 controls
 * other than tab/newline/return, DEL, lone surrogates and the non-characters
 * U+FFFE/U+FFFF. One of them in an editor's paste must never break a feed.
 */
const ILLEGAL_CHARS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export function stripIllegalChars(text: string): string {
  return text.replace(ILLEGAL_CHARS, '')
}

/**
 * Escapes text for both element content and quoted attribute values, with the
 * repo's one escaper (escape-html, which Lexical's HTML converters use too),
 * after dropping what XML cannot carry. Only
 * strings and numbers are text: an object where text was expected (hostile or
 * broken rich-text JSON) renders as nothing, because String() on it may call
 * its own `toString`, throw, or print "[object Object]" (found by
 * test/properties/rich-text.test.ts).
 */
export function escapeHtml(value: unknown): string {
  const text =
    typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' ? String(value) : ''
  return escapeHtmlText(stripIllegalChars(text))
}

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:'])

/**
 * An absolute, safe href for what an editor typed, or null. Only http(s),
 * mailto and tel survive; relative paths resolve against `base` so the same
 * HTML works in feeds and mail. The WHATWG parser strips tabs and newlines the
 * same way browsers do, so `java\nscript:` is judged as the browser would.
 */
export function safeHref(raw: unknown, base: string): string | null {
  if (typeof raw !== 'string') return null
  const trimmed = stripIllegalChars(raw).trim()
  if (!trimmed || trimmed.length > 2000) return null
  let url: URL
  try {
    url = new URL(trimmed, `${base.replace(/\/+$/, '')}/`)
  } catch {
    return null
  }
  if (!SAFE_PROTOCOLS.has(url.protocol)) return null
  return url.href
}
