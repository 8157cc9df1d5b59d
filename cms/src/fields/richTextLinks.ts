import { APIError, type FieldHook } from 'payload'

/**
 * Link URLs in rich text: only http(s), mailto, tel and relative links are
 * saved. Payload's link field accepts any URL that parses, `javascript:` and
 * `data:` included; the site drops such links when rendering
 * (site/app/lib/html.ts), but an editor should hear about it when saving, not
 * find the link silently gone.
 */
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:'])

/** Resolved as a browser would, so `java\nscript:` or ` JAVASCRIPT:` are judged by what they become. */
export function isSafeLinkUrl(raw: unknown): boolean {
  if (typeof raw !== 'string') return false
  try {
    return ALLOWED_PROTOCOLS.has(new URL(raw, 'https://relative.invalid/').protocol)
  } catch {
    return false
  }
}

const MAX_DEPTH = 60

/** The first unsafe link URL in a Lexical document, or null. Internal links (to a document) have no URL to check. */
export function findUnsafeLink(content: unknown): string | null {
  const walk = (node: unknown, depth: number): string | null => {
    if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return null
    const { fields, children } = node as { fields?: { url?: unknown; linkType?: unknown }; children?: unknown }
    if (fields && typeof fields === 'object' && fields.linkType !== 'internal' && fields.url != null) {
      if (!isSafeLinkUrl(fields.url)) return String(fields.url)
    }
    if (Array.isArray(children)) {
      for (const child of children) {
        const found = walk(child, depth + 1)
        if (found !== null) return found
      }
    }
    return null
  }
  return walk((content as { root?: unknown } | null)?.root, 0)
}

const unsafeLinkMessage = (url: string) =>
  `正文中的链接“${url.length > 60 ? `${url.slice(0, 60)}…` : url}”不被允许：链接只能以 http://、https://、mailto:、tel: 开头，或是站内路径（如 /about）。`

/**
 * Refuses the save, drafts included: a draft with such a link could not be
 * published later, and a scheduled publication would fail unattended.
 *
 * The error's own message is the explanation, and its name is set by hand:
 * Payload's REST error formatter did not recognise errors thrown from here as
 * its own classes (a ValidationError came out as the bare
 * "下面的字段是无效的： content", an APIError, whose bundled class name is
 * minified away, as "An unknown error occurred."); with a name it answers
 * `{ errors: [{ message }] }` with the error's status.
 */
export const rejectUnsafeLinks: FieldHook = ({ value, path }) => {
  const bad = findUnsafeLink(value)
  if (bad !== null) {
    const message = unsafeLinkMessage(bad)
    const error = new APIError(message, 400, { errors: [{ path: path.join('.'), message }] }, true)
    error.name = 'ValidationError'
    throw error
  }
  return value
}
