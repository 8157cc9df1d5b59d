import type { Payload, PayloadRequest } from 'payload'
import type { PolicyStatus, SearchResults, Section } from '../contract'
import { readRows } from '../lib/readReplicas'
import { queryRows, sql } from '../lib/sql'
import { buildSnippet, flattenText, highlightText } from './highlight'
import { lexicalToPlainText } from './lexicalText'
import type { ParsedSearchQuery } from './query'
import { indexText } from './segment'

/**
 * The `search_index` table (migration 20261127_040000_search_index): one row
 * per published article. Writers read the article's main row, never the hook's
 * `doc`: a draft saved over a published article reaches afterChange as
 * `_status: 'draft'` while the published version stays live, and only the main
 * row says what readers see.
 */

type ArticleRow = {
  id: number
  _status: string | null
  slug: string | null
  section: string | null
  published_at: Date | string | null
  title: string | null
  summary: string | null
  content: unknown
  policy_original_title: string | null
  policy_issuer: string | null
  policy_document_number: string | null
  park_location: string | null
}

/** What one index row holds, computed in JavaScript (segmentation needs ICU, which PostgreSQL's `simple` lacks). */
export type SearchEntry = {
  article_id: number
  slug: string
  section: string
  published_at: string | null
  title: string
  summary: string | null
  body_text: string
  title_tokens: string
  summary_tokens: string
  body_tokens: string
}

// PostgreSQL text cannot hold NUL; jsonb refuses \u0000 too.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const clean = (text: string | null | undefined) => (text ?? '').replace(/\u0000/g, '')

export function toSearchEntry(row: ArticleRow): SearchEntry {
  const title = clean(row.title)
  const summary = clean(row.summary)
  const body = clean(lexicalToPlainText(row.content))
  // Policy and park facts (文号, 发文机关, 园区地址) are searched like the summary but never shown in snippets.
  const facts = [row.policy_original_title, row.policy_issuer, row.policy_document_number, row.park_location]
    .map(clean)
    .filter(Boolean)
    .join('\n')
  return {
    article_id: row.id,
    slug: clean(row.slug),
    section: clean(row.section) || 'news',
    published_at: row.published_at ? new Date(row.published_at).toISOString() : null,
    title,
    summary: summary || null,
    body_text: body,
    title_tokens: indexText(title),
    summary_tokens: indexText(`${summary}\n${facts}`),
    body_tokens: indexText(body),
  }
}

const ARTICLE_COLUMNS = sql`a.id, a._status, a.slug, a.section, a.published_at, a.title, a.summary, a.content,
  a.policy_original_title, a.policy_issuer, a.policy_document_number, a.park_location`

/** Upserts a batch in one statement: the hook writes one row, the reindex hundreds. */
async function writeEntries(payload: Payload, entries: SearchEntry[], req?: Partial<PayloadRequest>): Promise<void> {
  if (entries.length === 0) return
  await queryRows(
    payload,
    sql`
    INSERT INTO search_index (article_id, slug, section, published_at, title, summary, body_text, tsv, title_tsv, indexed_at)
    SELECT r.article_id, r.slug, r.section, r.published_at, r.title, r.summary, r.body_text,
      setweight(to_tsvector('simple', r.title_tokens), 'A')
        || setweight(to_tsvector('simple', r.summary_tokens), 'B')
        || setweight(to_tsvector('simple', r.body_tokens), 'C'),
      to_tsvector('simple', r.title_tokens),
      now()
    FROM jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) AS r(
      article_id integer, slug text, section text, published_at timestamptz, title text, summary text,
      body_text text, title_tokens text, summary_tokens text, body_tokens text)
    ON CONFLICT (article_id) DO UPDATE SET
      slug = EXCLUDED.slug, section = EXCLUDED.section, published_at = EXCLUDED.published_at,
      title = EXCLUDED.title, summary = EXCLUDED.summary, body_text = EXCLUDED.body_text,
      tsv = EXCLUDED.tsv, title_tsv = EXCLUDED.title_tsv, indexed_at = EXCLUDED.indexed_at`,
    req,
  )
}

/**
 * Brings one article's index row in line with its main row: published →
 * upsert; draft, unpublished or gone → delete. Runs inside `req`'s transaction.
 */
export async function syncArticleSearchEntry(payload: Payload, id: number | string, req?: Partial<PayloadRequest>) {
  const articleId = Number(id)
  if (!Number.isSafeInteger(articleId)) return
  const [row] = await queryRows<ArticleRow>(
    payload,
    sql`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ${articleId}`,
    req,
  )
  if (row?._status === 'published') await writeEntries(payload, [toSearchEntry(row)], req)
  else await removeArticleSearchEntry(payload, articleId, req)
}

export async function removeArticleSearchEntry(payload: Payload, id: number | string, req?: Partial<PayloadRequest>) {
  const articleId = Number(id)
  if (!Number.isSafeInteger(articleId)) return
  await queryRows(payload, sql`DELETE FROM search_index WHERE article_id = ${articleId}`, req)
}

/** Rebuilds the whole index from the articles table, in batches; safe to run on a live site. */
export async function reindexAllArticles(
  payload: Payload,
  { batchSize = 200, log = (_line: string) => {} }: { batchSize?: number; log?: (line: string) => void } = {},
): Promise<{ indexed: number; removed: number }> {
  const removed = await queryRows<{ article_id: number }>(
    payload,
    sql`DELETE FROM search_index s WHERE NOT EXISTS (
      SELECT 1 FROM articles a WHERE a.id = s.article_id AND a._status = 'published') RETURNING s.article_id`,
  )
  let indexed = 0
  let afterId = 0
  for (;;) {
    const rows = await queryRows<ArticleRow>(
      payload,
      sql`SELECT ${ARTICLE_COLUMNS} FROM articles a
        WHERE a._status = 'published' AND a.id > ${afterId} ORDER BY a.id LIMIT ${batchSize}`,
    )
    if (rows.length === 0) break
    await writeEntries(payload, rows.map(toSearchEntry))
    indexed += rows.length
    afterId = rows.at(-1)!.id
    log(`indexed ${indexed} articles`)
  }
  return { indexed, removed: removed.length }
}

/**
 * Ranking reads each candidate's whole tsvector, so only the newest
 * MAX_CANDIDATES matches are ranked: all of them for almost any query on a
 * site of a few thousand articles; on one of 100,000, where a common word
 * matches everything, the most relevant among the newest (a news site's
 * readers want recent articles first anyway).
 */
const MAX_CANDIDATES = 200
/** Counting stops here (a common word on a big site); past it `totalDocsExact` is false. */
const MAX_COUNTED = 1000

/** What searchArticles finds: the endpoint's answer (cms/src/contract) but for the time it took. */
type Found = Omit<SearchResults, 'tookMs'>

type HitRow = {
  total: string | number
  ranked: string | number
  article_id: number | null
  slug: string
  section: Section
  published_at: Date | string | null
  title: string
  summary: string | null
  body_text: string
  policy_status: PolicyStatus | null
}

export async function searchArticles(
  payload: Payload,
  query: ParsedSearchQuery,
  { page, limit, section }: { page: number; limit: number; section: Section | null },
): Promise<Found> {
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
      s.article_id, s.slug, s.section, s.published_at, s.title, s.summary, s.body_text,
      (SELECT a.policy_status::text FROM articles a WHERE a.id = s.article_id AND a.section = 'policy') AS policy_status
    FROM (SELECT 1) one
    LEFT JOIN page p ON true
    LEFT JOIN search_index s ON s.article_id = p.article_id
    ORDER BY p.ordinal`,
  )
  const counted = Number(rows[0]?.total ?? 0)
  const ranked = Number(rows[0]?.ranked ?? 0)
  const docs = rows
    .filter((row) => row.article_id !== null)
    .map((row) => ({
      id: row.article_id!,
      title: row.title,
      slug: row.slug,
      section: row.section,
      publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
      summary: row.summary,
      titleHtml: highlightText(row.title, query.terms),
      snippetHtml: snippetFor(row, query.terms),
      policyStatus: row.policy_status,
    }))
  return {
    docs,
    totalDocs: Math.min(counted, MAX_COUNTED),
    totalDocsExact: counted <= MAX_COUNTED,
    page,
    limit,
    totalPages: Math.ceil(ranked / limit),
    query: query.query,
    terms: query.terms,
    section,
  }
}

/** The body around the matches; the summary when the body does not show a term literally (matched in the title or facts). */
function snippetFor(row: HitRow, terms: string[]): string {
  const body = flattenText(row.body_text ?? '')
  const lower = (text: string) => text.toLowerCase()
  const shows = (text: string) => terms.some((term) => lower(text).includes(term))
  if (body && shows(body)) return buildSnippet(body, terms)
  if (row.summary) return buildSnippet(row.summary, terms)
  return buildSnippet(body, terms)
}
