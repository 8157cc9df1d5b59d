import type { Payload } from 'payload'
import type { SearchResults } from '../contract'
import { readRows } from '../lib/readReplicas'
import { sql } from '../lib/sql'
import type { ParsedSearchQuery } from './query'
import { type SearchOptions, toHit } from './searchArticles'

/**
 * Search through PostgreSQL alone (docs/decisions/007), for the seconds a CMS
 * process is still loading its in-memory index at boot. Ranking reads each
 * candidate's whole tsvector, so only the newest MAX_CANDIDATES matches are
 * ranked, and counting stops at MAX_COUNTED.
 */
const MAX_CANDIDATES = 200
const MAX_COUNTED = 1000

type HitRow = {
  total: string | number
  ranked: string | number
  article_id: number | null
  slug: string
  section: SearchResults['docs'][number]['section']
  published_at: Date | string | null
  title: string
  summary: string | null
  body_text: string
  policy_status: NonNullable<SearchResults['docs'][number]['policyStatus']> | null
}

export async function searchArticlesSql(
  payload: Payload,
  query: ParsedSearchQuery,
  { page, limit, section }: SearchOptions,
): Promise<Omit<SearchResults, 'tookMs'>> {
  const offset = (page - 1) * limit
  // One statement, one round trip. search_index_candidates and search_index_count (see the migration) find and
  // count the matches through the GIN index; the match query is a plain AND/OR of lexemes, which GIN answers
  // without reading a single vector. Only the candidates' vectors are read, to rank them: title matches first,
  // then weighted cover density. (The count is a scalar subquery: in the select list it would run per row.)
  const match = sql`to_tsquery('simple', ${query.matchQuery})`
  const rows = await readRows<HitRow>(
    payload,
    sql`
    WITH candidates AS (SELECT * FROM search_index_candidates(${match}, ${section}::text, ${MAX_CANDIDATES})),
    ranked AS (
      SELECT s.article_id, s.published_at,
        s.title_tsv @@ ${match} AS title_hit,
        ts_rank_cd('{0.1, 0.2, 0.4, 1.0}'::float4[], s.tsv, to_tsquery('simple', ${query.rankQuery}), 1) AS score
      FROM search_index s JOIN candidates c USING (article_id)
    ),
    page AS (
      SELECT article_id, row_number() OVER (ORDER BY title_hit DESC, score DESC, published_at DESC NULLS LAST, article_id DESC) AS ordinal
      FROM ranked ORDER BY ordinal LIMIT ${limit} OFFSET ${offset}
    )
    SELECT
      (SELECT search_index_count(${match}, ${section}::text, ${MAX_COUNTED + 1})) AS total,
      (SELECT count(*) FROM candidates) AS ranked,
      s.article_id, s.slug, s.section, s.published_at, s.title, s.summary, s.body_text, s.policy_status
    FROM (SELECT 1) one
    LEFT JOIN page p ON true
    LEFT JOIN search_index s ON s.article_id = p.article_id
    ORDER BY p.ordinal`,
  )
  const counted = Number(rows[0]?.total ?? 0)
  const ranked = Number(rows[0]?.ranked ?? 0)
  return {
    docs: rows.filter((row) => row.article_id !== null).map((row) => toHit(row, query, null)),
    totalDocs: Math.min(counted, MAX_COUNTED),
    totalDocsExact: counted <= MAX_COUNTED,
    page,
    limit,
    totalPages: Math.ceil(ranked / limit),
    query: query.query,
    terms: query.terms,
    convertedFrom: query.convertedFrom,
    section,
    topic: null,
    year: null,
    status: null,
    facets: null,
  }
}
