/**
 * Highlighting in JavaScript over escaped text, never PostgreSQL's
 * ts_headline: article text is untrusted, so the only markup that can come out
 * of here is the <mark> this module writes.
 */
import escapeHtml from 'escape-html'

// The one HTML escaper of the repo (Lexical's own HTML converters use it too); exported for the unit test.
export { escapeHtml }

// C0/C1 controls and non-characters: invisible at best, they break XML consumers of the snippet at worst.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]/g
// A lone surrogate left by cutting text mid-pair.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Text as a snippet shows it: one line, no controls, no broken surrogate pairs. */
export function flattenText(text: string): string {
  return text.replace(CONTROL, ' ').replace(LONE_SURROGATE, '').replace(/\s+/g, ' ').trim()
}

export type Match = { start: number; end: number; term: string }

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Where the terms occur in `text`, case-insensitively, longest term first, without overlaps. */
export function findMatches(text: string, terms: string[], limit = 500): Match[] {
  const usable = [...new Set(terms.filter((term) => term.length > 0))].sort((a, b) => b.length - a.length)
  if (usable.length === 0 || !text) return []
  const pattern = new RegExp(usable.map(escapeRegExp).join('|'), 'giu')
  const matches: Match[] = []
  for (const found of text.matchAll(pattern)) {
    if (found[0].length === 0) continue
    matches.push({ start: found.index, end: found.index + found[0].length, term: found[0].toLowerCase() })
    if (matches.length >= limit) break
  }
  return matches
}

/** Escaped `text` with every match wrapped in <mark>. */
function markMatches(text: string, matches: Match[]): string {
  let html = ''
  let cursor = 0
  for (const { start, end } of matches) {
    if (start < cursor) continue
    html += `${escapeHtml(text.slice(cursor, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`
    cursor = end
  }
  return html + escapeHtml(text.slice(cursor))
}

/** A whole short text (a title) with its matches marked. */
export function highlightText(text: string, terms: string[]): string {
  const flat = flattenText(text)
  return markMatches(flat, findMatches(flat, terms))
}

/** Moves an index off the second half of a surrogate pair so slicing never splits a character. */
function safeIndex(text: string, index: number): number {
  const code = text.charCodeAt(index)
  return code >= 0xdc00 && code <= 0xdfff ? index - 1 : index
}

export type SnippetOptions = { length?: number; lead?: number }

/**
 * An excerpt of about `length` characters around the densest cluster of
 * matches (most distinct terms, then most matches, then earliest), escaped,
 * matches marked, "…" where text was cut. Without matches: the opening.
 */
export function buildSnippet(text: string, terms: string[], { length = 120, lead = 24 }: SnippetOptions = {}): string {
  const flat = flattenText(text)
  if (!flat) return ''
  const matches = findMatches(flat, terms)
  let start = 0
  if (matches.length > 0) {
    let best = { distinct: 0, count: 0, start: 0 }
    for (let i = 0; i < matches.length; i++) {
      const windowStart = Math.max(0, matches[i].start - lead)
      const inside = matches.filter((m) => m.start >= windowStart && m.end <= windowStart + length)
      const distinct = new Set(inside.map((m) => m.term)).size
      if (distinct > best.distinct || (distinct === best.distinct && inside.length > best.count)) {
        best = { distinct, count: inside.length, start: windowStart }
      }
    }
    start = best.start
  }
  // Keep the window full near the end of the text.
  start = safeIndex(flat, Math.max(0, Math.min(start, flat.length - length)))
  let end = safeIndex(flat, Math.min(flat.length, start + length))
  // Never cut a match in two.
  for (const m of matches) if (m.start < end && m.end > end) end = m.end
  const shown = matches
    .filter((m) => m.start >= start && m.end <= end)
    .map((m) => ({ ...m, start: m.start - start, end: m.end - start }))
  const body = markMatches(flat.slice(start, end), shown)
  return `${start > 0 ? '…' : ''}${body}${end < flat.length ? '…' : ''}`
}
