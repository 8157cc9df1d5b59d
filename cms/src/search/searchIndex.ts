import type { Payload, PayloadRequest } from 'payload'
import { pgPool, queryRows, type SQL, sql } from '../lib/sql'
import { lexicalToPlainText } from './lexicalText'
import { titlePinyin } from './pinyin'
import { analyse } from './segment'

/**
 * The `search_index` table (migrations 20261127_040000_search_index and
 * 20261204_020000_search_memory_index): one row per article readers can find,
 * and a row with `live = false` for one they no longer can. Writers read the
 * article's main row, never the hook's `doc`: a draft saved over a published
 * article reaches afterChange as `_status: 'draft'` while the published version
 * stays live, and only the main row says what readers see.
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
  policy_status?: string | null
  topic_ids?: number[] | null
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
  /** The in-memory index's terms (segment.ts searchTerms) of all the text, and of the title alone. */
  terms: string[]
  title_terms: string[]
  title_pinyin: string
  topic_ids: number[]
  policy_status: string | null
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
  const section = clean(row.section) || 'news'
  // One segmenter pass per part: it is most of what indexing costs.
  const titleParts = analyse(title, { unigrams: true })
  const leadParts = analyse(`${summary}\n${facts}`)
  const bodyParts = analyse(body)
  // Every Han character is a title term (suggestions from the first one typed), not a term of the article.
  const terms = new Set([...analyse(title).terms, ...leadParts.terms, ...bodyParts.terms])
  return {
    article_id: row.id,
    slug: clean(row.slug),
    section,
    published_at: row.published_at ? new Date(row.published_at).toISOString() : null,
    title,
    summary: summary || null,
    body_text: body,
    title_tokens: titleParts.tokens.join(' '),
    summary_tokens: leadParts.tokens.join(' '),
    body_tokens: bodyParts.tokens.join(' '),
    terms: [...terms],
    title_terms: [...titleParts.terms],
    title_pinyin: titlePinyin(title),
    topic_ids: [...new Set(row.topic_ids ?? [])].sort((a, b) => a - b),
    policy_status: section === 'policy' ? (row.policy_status ?? 'valid') : null,
  }
}

const ARTICLE_COLUMNS = sql`a.id, a._status, a.slug, a.section, a.published_at, a.title, a.summary, a.content,
  a.policy_original_title, a.policy_issuer, a.policy_document_number, a.park_location, a.policy_status::text,
  ARRAY(SELECT r.topics_id FROM articles_rels r WHERE r.parent_id = a.id AND r.path = 'topics' AND r.topics_id IS NOT NULL) AS topic_ids`

// term → id in `search_terms`: ids never change once committed, so each process keeps what it has learnt.
const TERM_IDS = Symbol.for('newsroom.searchTermIds')
const holder = globalThis as typeof globalThis & { [TERM_IDS]?: Map<string, number> }
holder[TERM_IDS] ??= new Map()
const termIdCache = holder[TERM_IDS]

/**
 * Ids for terms, adding the new ones to `search_terms` first. On the pool, not
 * in the save's transaction: a term committed at once can be named by any row
 * later, and one left over from a rolled-back save costs nothing.
 */
async function termIds(payload: Payload, terms: Iterable<string>): Promise<Map<string, number>> {
  const missing = [...new Set(terms)].filter((t) => !termIdCache.has(t))
  for (let i = 0; i < missing.length; i += 5000) {
    const chunk = missing.slice(i, i + 5000)
    const pool = pgPool(payload)
    await pool.query(`INSERT INTO search_terms (term) SELECT unnest($1::varchar[]) ON CONFLICT (term) DO NOTHING`, [
      chunk,
    ])
    const { rows } = await pool.query<{ id: number; term: string }>(
      `SELECT id, term FROM search_terms WHERE term = ANY($1::varchar[])`,
      [chunk],
    )
    for (const { id, term } of rows) termIdCache.set(term, id)
  }
  return termIdCache
}

/** Term ids as the bytes the index loads: sorted big-endian uint32s, in hex for the JSON that carries them. */
function idBytes(terms: string[], ids: Map<string, number>): string {
  const sorted = Uint32Array.from(terms.map((t) => ids.get(t)!).filter((id) => id !== undefined)).sort()
  const buffer = Buffer.alloc(sorted.length * 4)
  for (let i = 0; i < sorted.length; i++) buffer.writeUInt32BE(sorted[i], i * 4)
  return buffer.toString('hex')
}

/** A fixed key for pg_advisory_xact_lock: index writers take `seq` one after another (memoryStore.ts). */
const WRITE_LOCK = sql`hashtext('newsroom.search_index')`

/** Where a request remembers the articles whose rows it wrote, for stampSearchWrites. */
const TOUCHED = 'newsroom.searchIndexTouched'

/**
 * Writes index rows. Inside a save's transaction the rows get a provisional
 * seq and the request remembers them: stampSearchWrites, the Articles
 * collection's afterOperation hook, gives them their final seq under the lock
 * right before the commit, so the lock is held for a moment, not for the whole
 * save (a save parked in a slow hook must not hold up everyone else's). Outside
 * one (reindexing), the write runs in a transaction of its own under the lock.
 */
async function writeRows(
  payload: Payload,
  req: Partial<PayloadRequest> | undefined,
  articleIds: number[],
  write: SQL,
): Promise<void> {
  if (req?.transactionID && req.context) {
    await queryRows(payload, write, req)
    const context = req.context as Record<string, unknown>
    const touched = (context[TOUCHED] as Set<number> | undefined) ?? new Set<number>()
    for (const id of articleIds) touched.add(id)
    context[TOUCHED] = touched
    return
  }
  await payload.db.drizzle.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`)
    await tx.execute(write)
  })
}

/**
 * Takes the index's write lock and stamps the rows this request wrote with
 * their final seq: seq order is then commit order, so a process that has seen
 * seq N has seen every commit before it (memoryStore.ts). The lock is released
 * by the commit that follows at once.
 */
export async function stampSearchWrites(req: PayloadRequest): Promise<void> {
  const touched = (req.context as Record<string, unknown> | undefined)?.[TOUCHED] as Set<number> | undefined
  if (!touched?.size || !req.transactionID) return
  const ids = [...touched]
  touched.clear()
  await queryRows(req.payload, sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`, req)
  await queryRows(
    req.payload,
    sql`UPDATE search_index SET seq = nextval('search_index_seq') WHERE article_id = ANY(${`{${ids.join(',')}}`}::int[])`,
    req,
  )
}

/** Upserts a batch in one statement: the hook writes one row, the reindex hundreds. */
async function writeEntries(payload: Payload, entries: SearchEntry[], req?: Partial<PayloadRequest>): Promise<void> {
  if (entries.length === 0) return
  const ids = await termIds(
    payload,
    entries.flatMap((e) => [...e.terms, ...e.title_terms]),
  )
  const rows = entries.map(({ terms, title_terms, ...entry }) => ({
    ...entry,
    terms: idBytes(terms, ids),
    title_terms: idBytes(title_terms, ids),
  }))
  await writeRows(
    payload,
    req,
    entries.map((e) => e.article_id),
    sql`
    INSERT INTO search_index (article_id, slug, section, published_at, title, summary, body_text, tsv, title_tsv, indexed_at,
      live, seq, terms, title_terms, title_pinyin, topic_ids, policy_status)
    SELECT r.article_id, r.slug, r.section, r.published_at, r.title, r.summary, r.body_text,
      setweight(to_tsvector('simple', r.title_tokens), 'A')
        || setweight(to_tsvector('simple', r.summary_tokens), 'B')
        || setweight(to_tsvector('simple', r.body_tokens), 'C'),
      to_tsvector('simple', r.title_tokens),
      now(), true, nextval('search_index_seq'), decode(r.terms, 'hex'), decode(r.title_terms, 'hex'), r.title_pinyin,
      ARRAY(SELECT jsonb_array_elements_text(r.topic_ids)::int), r.policy_status
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
      article_id integer, slug text, section text, published_at timestamptz, title text, summary text,
      body_text text, title_tokens text, summary_tokens text, body_tokens text, terms text, title_terms text,
      title_pinyin text, topic_ids jsonb, policy_status text)
    ON CONFLICT (article_id) DO UPDATE SET
      slug = EXCLUDED.slug, section = EXCLUDED.section, published_at = EXCLUDED.published_at,
      title = EXCLUDED.title, summary = EXCLUDED.summary, body_text = EXCLUDED.body_text,
      tsv = EXCLUDED.tsv, title_tsv = EXCLUDED.title_tsv, indexed_at = EXCLUDED.indexed_at,
      live = true, seq = EXCLUDED.seq, terms = EXCLUDED.terms, title_terms = EXCLUDED.title_terms,
      title_pinyin = EXCLUDED.title_pinyin, topic_ids = EXCLUDED.topic_ids, policy_status = EXCLUDED.policy_status`,
  )
}

/** Marks articles as no longer findable: the row stays (`live = false`) so every process hears of it by `seq`. */
async function retireEntries(payload: Payload, articleIds: number[], req?: Partial<PayloadRequest>): Promise<void> {
  if (articleIds.length === 0) return
  await writeRows(
    payload,
    req,
    articleIds,
    sql`
    INSERT INTO search_index (article_id, slug, section, title, body_text, tsv, title_tsv, live, seq)
    SELECT id, '', 'news', '', '', ''::tsvector, ''::tsvector, false, nextval('search_index_seq')
    FROM unnest(${`{${articleIds.join(',')}}`}::int[]) AS id
    ON CONFLICT (article_id) DO UPDATE SET live = false, seq = EXCLUDED.seq, body_text = '',
      tsv = ''::tsvector, title_tsv = ''::tsvector, terms = NULL, title_terms = NULL, topic_ids = '{}'`,
  )
}

/**
 * Brings articles' index rows in line with their main rows: published →
 * upsert; draft, unpublished or gone → retired. Runs inside `req`'s transaction.
 */
async function reindexArticles(payload: Payload, ids: number[], req?: Partial<PayloadRequest>) {
  const articleIds = ids.filter((id) => Number.isSafeInteger(id))
  if (articleIds.length === 0) return
  const found = await queryRows<ArticleRow>(
    payload,
    sql`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ANY(${`{${articleIds.join(',')}}`}::int[])`,
    req,
  )
  const published = found.filter((row) => row._status === 'published')
  await writeEntries(payload, published.map(toSearchEntry), req)
  const publishedIds = new Set(published.map((row) => row.id))
  await retireEntries(
    payload,
    articleIds.filter((id) => !publishedIds.has(id)),
    req,
  )
}

export async function syncArticleSearchEntry(payload: Payload, id: number | string, req?: Partial<PayloadRequest>) {
  await reindexArticles(payload, [Number(id)], req)
}

export async function removeArticleSearchEntry(payload: Payload, id: number | string, req?: Partial<PayloadRequest>) {
  const articleId = Number(id)
  if (Number.isSafeInteger(articleId)) await retireEntries(payload, [articleId], req)
}

/** Rebuilds the whole index from the articles table, in batches; safe to run on a live site. */
export async function reindexAllArticles(
  payload: Payload,
  { batchSize = 200, log = (_line: string) => {} }: { batchSize?: number; log?: (line: string) => void } = {},
): Promise<{ indexed: number; removed: number }> {
  const gone = await queryRows<{ article_id: number }>(
    payload,
    sql`SELECT s.article_id FROM search_index s WHERE s.live AND NOT EXISTS (
      SELECT 1 FROM articles a WHERE a.id = s.article_id AND a._status = 'published')`,
  )
  await retireEntries(
    payload,
    gone.map((r) => r.article_id),
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
  return { indexed, removed: gone.length }
}

/** Reindexes the live rows that have no in-memory terms yet (written before docs/decisions/016). */
export async function reindexMissingTerms(
  payload: Payload,
  { batchSize = 500, log = (_line: string) => {} }: { batchSize?: number; log?: (line: string) => void } = {},
): Promise<number> {
  let indexed = 0
  for (;;) {
    const stale = await queryRows<{ article_id: number }>(
      payload,
      sql`SELECT article_id FROM search_index WHERE live AND terms IS NULL ORDER BY article_id LIMIT ${batchSize}`,
    )
    if (stale.length === 0) return indexed
    await reindexArticles(
      payload,
      stale.map((r) => r.article_id),
    )
    indexed += stale.length
    log(`indexed ${indexed} articles`)
  }
}
