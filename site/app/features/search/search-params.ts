import { stripIllegalChars } from '~/lib/html'
import { parsePage } from '~/lib/params'
import { isSection, type Section } from '~/lib/sections'

/** What the search page echoes back in its form: never more than the CMS accepts, never a control character. */
export const MAX_SHOWN_QUERY = 100

export type SearchParams = { q: string; page: number; section: Section | null }

/**
 * `/search?q=&page=&section=`. The query itself is never a reason for a 404
 * (absurd queries get a helpful page); a malformed page or an unknown section
 * is a URL that does not exist (null → 404), as everywhere on the site.
 */
export function parseSearchParams(searchParams: URLSearchParams): SearchParams | null {
  const page = parsePage(searchParams)
  if (page === null) return null
  const rawSection = searchParams.get('section') ?? ''
  if (rawSection !== '' && !isSection(rawSection)) return null
  return { q: searchParams.get('q') ?? '', page, section: rawSection === '' ? null : (rawSection as Section) }
}

/** The query as the form shows it again. */
export function displayQuery(q: string): string {
  return Array.from(stripIllegalChars(q).replace(/\s+/g, ' ').trim()).slice(0, MAX_SHOWN_QUERY).join('')
}

/** A results page URL: `/search?q=…&section=…&page=N` (no page for the first, no empty section). */
export function searchHref({ q, section, page }: { q: string; section?: Section | null; page?: number }): string {
  const params = new URLSearchParams({ q })
  if (section) params.set('section', section)
  if (page && page > 1) params.set('page', String(page))
  return `/search?${params}`
}

/**
 * The CMS builds titleHtml/snippetHtml from escaped text and adds only
 * <mark>; this enforces that contract at the site's door as well, so a bug
 * there can never become markup here.
 */
export function onlyMarkTags(html: string): string {
  return html.replace(/<(?!\/?mark>)/g, '&lt;')
}
