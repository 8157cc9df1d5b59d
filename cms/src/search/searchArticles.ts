import type { Payload } from 'payload'
import { pinyin } from 'pinyin-pro'
import { SECTIONS } from '../collections/Articles/sections'
import type { PolicyStatus, SearchFacets, SearchHit, SearchResults, SearchSuggestion, Section } from '../contract'
import { POLICY_STATUS_LABELS } from '../fields/policySource'
import { queryRows, sql } from '../lib/sql'
import { buildSnippet, flattenText, highlightText } from './highlight'
import type { IndexPage, MemorySearchIndex, Rank, SearchFilters } from './memoryIndex'
import { catchUp, loadedSearchIndex, searchTopics, startSearchIndex } from './memoryStore'
import type { PinyinPattern } from './pinyin'
import { pinyinMatches } from './pinyin'
import type { ParsedSearchQuery } from './query'

/**
 * Search as the endpoint answers it: the in-memory index (memoryIndex.ts)
 * finds, counts and orders; PostgreSQL supplies the page's text. While a
 * process is still loading its index it answers a plain search through the
 * GIN index instead (searchSql.ts: the newest 200 matches ranked, counted to
 * 1,000), and refuses filters it cannot count there.
 */

export type SearchOptions = {
  page: number
  limit: number
  section: Section | null
  topic: { id: number; slug: string } | null
  year: number | null
  status: PolicyStatus | null
}

type PageRow = {
  head: string | null
  article_id: number | null
  slug: string
  section: Section
  published_at: Date | string | null
  title: string
  summary: string | null
  body_text: string
  policy_status: PolicyStatus | null
}

/** How long a search waits for a process's index at boot before answering through PostgreSQL. */
const LOAD_WAIT_MS = 3000

export class SearchWarmingError extends Error {}

async function searchIndexFor(payload: Payload): Promise<MemorySearchIndex | null> {
  const loaded = loadedSearchIndex(payload)
  if (loaded) return loaded
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), LOAD_WAIT_MS).unref())
  return Promise.race([startSearchIndex(payload).catch(() => null), timeout])
}

/** One statement: the page's rows in order, and the index's head, so a process that missed a commit notices. */
async function pageRows(payload: Payload, articleIds: number[]): Promise<PageRow[]> {
  return queryRows<PageRow>(
    payload,
    sql`
    SELECT (SELECT max(seq) FROM search_index)::text AS head, s.article_id, s.slug, s.section, s.published_at, s.title,
      s.summary, s.body_text, s.policy_status
    FROM (SELECT 1) one
    LEFT JOIN unnest(${`{${articleIds.join(',')}}`}::int[]) WITH ORDINALITY AS p(id, n) ON true
    LEFT JOIN search_index s ON s.article_id = p.id AND s.live
    ORDER BY p.n`,
  )
}

/** Runs `compute` on an index that has applied every commit up to the head read with the page's rows. */
async function consistentPage(
  payload: Payload,
  index: MemorySearchIndex,
  compute: () => number[],
): Promise<{ ids: number[]; rows: PageRow[] }> {
  for (let attempt = 0; ; attempt++) {
    const ids = compute()
    const rows = await pageRows(payload, ids)
    const head = Number(rows[0]?.head ?? 0)
    const complete = rows.filter((r) => r.article_id !== null).length === ids.length
    if ((head <= index.seq && complete) || attempt >= 2) return { ids, rows: rows.filter((r) => r.article_id !== null) }
    await catchUp(payload, index)
  }
}

function sectionLabel(value: string): string {
  return SECTIONS.find((s) => s.value === value)?.label ?? value
}

export async function searchArticles(
  payload: Payload,
  query: ParsedSearchQuery,
  options: SearchOptions,
): Promise<Omit<SearchResults, 'tookMs'>> {
  const index = await searchIndexFor(payload)
  if (!index) {
    if (options.topic || options.year || options.status) throw new SearchWarmingError()
    const { searchArticlesSql } = await import('./searchSql')
    return searchArticlesSql(payload, query, options)
  }
  const topics = await searchTopics(payload)
  const filters: SearchFilters = {
    section: options.section,
    topic: options.topic?.id ?? null,
    year: options.year,
    status: options.status,
  }
  const pinyinTopicIds = query.pinyin
    ? topics.filter((t) => query.pinyin!.some((p) => pinyinMatches(t.pinyin, p))).map((t) => t.id)
    : []
  let found: IndexPage | null = null
  const { rows } = await consistentPage(payload, index, () => {
    found = index.search(query, filters, {
      offset: (options.page - 1) * options.limit,
      limit: options.limit,
      topicIds: pinyinTopicIds,
    })
    return found.hits.map((h) => h.articleId)
  })
  const page = found as unknown as IndexPage
  const rankOf = new Map(page.hits.map((h) => [h.articleId, h.rank]))
  const topicById = new Map(topics.map((t) => [t.id, t]))
  const facets: SearchFacets = {
    section: SECTIONS.map(({ value }) => ({
      value,
      label: sectionLabel(value),
      count: page.facets.section.find((f) => f.value === value)?.count ?? 0,
    })),
    topic: page.facets.topic.flatMap(({ value, count }) => {
      const topic = topicById.get(value)
      return topic ? [{ value: topic.slug, label: topic.name, count }] : []
    }),
    year: page.facets.year.map(({ value, count }) => ({ value, label: `${value} 年`, count })),
    status: page.facets.status.map(({ value, count }) => ({
      value: value as PolicyStatus,
      label: POLICY_STATUS_LABELS[value as PolicyStatus] ?? value,
      count,
    })),
  }
  return {
    docs: rows.map((row) => toHit(row, query, rankOf.get(row.article_id!) ?? null)),
    totalDocs: page.total,
    totalDocsExact: true,
    page: options.page,
    limit: options.limit,
    totalPages: Math.ceil(page.total / options.limit),
    query: query.query,
    terms: query.terms,
    convertedFrom: query.convertedFrom,
    section: options.section,
    topic: options.topic?.slug ?? null,
    year: options.year,
    status: options.status,
    facets,
  }
}

export function toHit(row: Omit<PageRow, 'head'>, query: ParsedSearchQuery, rank: Rank | null): SearchHit {
  const pinyinHit = rank === 'pinyinTitle' && query.pinyin
  const titleTerms = pinyinHit ? pinyinSpans(row.title, query.pinyin!) : query.terms
  return {
    id: row.article_id!,
    title: row.title,
    slug: row.slug,
    section: row.section,
    publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
    summary: row.summary,
    titleHtml: highlightText(row.title, titleTerms),
    snippetHtml: snippetFor(row, query.terms),
    policyStatus: row.policy_status,
    rank,
  }
}

/** The stretches of a title whose pinyin a query matched (zgc → 中关村), for highlighting. */
function pinyinSpans(title: string, patterns: PinyinPattern[]): string[] {
  const chars = pinyin(title, { toneType: 'none', type: 'all', v: true })
  const spans: string[] = []
  for (const pattern of patterns) {
    const length = pattern.syllables?.length ?? pattern.initials?.length ?? 0
    for (let i = 0; i + length <= chars.length; i++) {
      const window = chars.slice(i, i + length)
      if (!window.every((c) => c.isZh)) continue
      const ok = pattern.syllables
        ? window.every((c, k) => c.pinyin === pattern.syllables![k])
        : window.every((c, k) => c.pinyin[0] === pattern.initials![k])
      if (ok) spans.push(window.map((c) => c.origin).join(''))
    }
  }
  return spans
}

/** The body around the matches; the summary when the body does not show a term literally (matched in the title or facts). */
function snippetFor(row: { body_text: string; summary: string | null }, terms: string[]): string {
  const body = flattenText(row.body_text ?? '')
  const lower = (text: string) => text.toLowerCase()
  const shows = (text: string) => terms.some((term) => lower(text).includes(term))
  if (body && shows(body)) return buildSnippet(body, terms)
  if (row.summary) return buildSnippet(row.summary, terms)
  return buildSnippet(body, terms)
}

export async function suggestTitles(
  payload: Payload,
  query: ParsedSearchQuery,
  limit: number,
): Promise<SearchSuggestion[]> {
  const index = await searchIndexFor(payload)
  if (!index) return []
  const { rows } = await consistentPage(payload, index, () => index.suggest(query, limit))
  return rows.map((row) => ({
    title: row.title,
    slug: row.slug,
    titleHtml: highlightText(
      row.title,
      query.pinyin && !row.title.includes(query.terms[0]) ? pinyinSpans(row.title, query.pinyin) : query.terms,
    ),
  }))
}
