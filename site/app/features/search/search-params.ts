import type { PolicyStatus } from '@newsroom/cms/contract'
import { stripIllegalChars } from '~/lib/html'
import { parsePage, parseSlug } from '~/lib/params'
import { isSection, type Section } from '~/lib/sections'

/** What the search page echoes back in its form: never more than the CMS accepts, never a control character. */
export const MAX_SHOWN_QUERY = 100

/** Filters beside the query; absent ones are left out (not null), so a plain search's params stay `{ q, page, section }`. */
export type SearchFilterParams = { topic?: string; year?: number; status?: PolicyStatus }

export type SearchParams = { q: string; page: number; section: Section | null } & SearchFilterParams

const STATUSES = new Set<string>(['valid', 'amended', 'repealed'])

/** One value or none; a repeated parameter is a URL that does not exist. */
function single(searchParams: URLSearchParams, name: string): string | null | undefined {
  const values = searchParams.getAll(name).filter((v) => v !== '')
  if (values.length > 1) return undefined
  return values[0] ?? null
}

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
  const params: SearchParams = {
    q: searchParams.get('q') ?? '',
    page,
    section: rawSection === '' ? null : (rawSection as Section),
  }
  const topic = single(searchParams, 'topic')
  const year = single(searchParams, 'year')
  const status = single(searchParams, 'status')
  if (topic === undefined || year === undefined || status === undefined) return null
  if (topic !== null) {
    const slug = parseSlug(topic)
    if (!slug) return null
    params.topic = slug
  }
  if (year !== null) {
    if (!/^(19|20)\d{2}$/.test(year)) return null
    params.year = Number(year)
  }
  if (status !== null) {
    if (!STATUSES.has(status)) return null
    params.status = status as PolicyStatus
  }
  return params
}

/** The query as the form shows it again. */
export function displayQuery(q: string): string {
  return Array.from(stripIllegalChars(q).replace(/\s+/g, ' ').trim()).slice(0, MAX_SHOWN_QUERY).join('')
}

/** A results page URL: `/search?q=…&section=…&topic=…&year=…&status=…&page=N` (no page for the first, no empty filter). */
export function searchHref({
  q,
  section,
  topic,
  year,
  status,
  page,
}: { q: string; section?: Section | null; page?: number } & SearchFilterParams): string {
  const params = new URLSearchParams({ q })
  if (section) params.set('section', section)
  if (topic) params.set('topic', topic)
  if (year) params.set('year', String(year))
  if (status) params.set('status', status)
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
