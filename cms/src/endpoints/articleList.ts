import type { Endpoint } from 'payload'
import { isSection } from '../collections/Articles/sections'
import { readRows } from '../lib/readReplicas'
import { type SQL, sql } from '../lib/sql'
import { type UploadRow, uploadDoc } from './populateRichText'
import { answer, intParam, jsonError } from './respond'
import { type ListRow, listItem } from './rows'

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/

type Filter = { section?: string; topic?: number; from?: string; to?: string; featured: boolean }

/** The filter from the query string, or an error response. */
function readFilter(params: URLSearchParams): Filter | Response {
  const section = params.get('section') || undefined
  if (section !== undefined && !isSection(section)) return jsonError(404, 'SECTION_NOT_FOUND', '没有这个栏目。')
  const topicRaw = params.get('topic')
  const topic = topicRaw ? intParam(topicRaw, 0, 1_000_000_000) : undefined
  if (topic === null) return jsonError(400, 'INVALID_TOPIC', '专题编号应为正整数。')
  const from = params.get('from') || undefined
  const to = params.get('to') || undefined
  for (const value of [from, to])
    if (value !== undefined && !ISO.test(value)) return jsonError(400, 'INVALID_DATE', '日期应为 ISO 8601 格式。')
  return { section, topic, from, to, featured: params.get('featured') === '1' }
}

/** Published articles matching the filter, as SQL conditions on `a` (the same for the page and its count). */
function whereOf(filter: Filter): SQL {
  const conditions: SQL[] = [sql`a._status = 'published'`]
  if (filter.section) conditions.push(sql`a.section = ${filter.section}::enum_articles_section`)
  // Semi-join on the topic's relation rows (index-only): Payload's REST join + GROUP BY counted 100 ms at 100,000 articles.
  if (filter.topic) {
    conditions.push(
      sql`a.id IN (SELECT r.parent_id FROM articles_rels r WHERE r.topics_id = ${filter.topic} AND r.path = 'topics')`,
    )
  }
  if (filter.from) conditions.push(sql`a.published_at >= ${filter.from}::timestamptz`)
  if (filter.to) conditions.push(sql`a.published_at < ${filter.to}::timestamptz`)
  if (filter.featured) conditions.push(sql`a.featured`)
  return sql.join(conditions, sql` AND `)
}

type PageRow = {
  total: string | number
  docs: Array<ListRow & { hero_image_id: number | null }> | null
  media: UploadRow[] | null
}

/**
 * `GET /api/article-list?section=|topic=<id>|from=&to=|featured=1&page=&limit=&images=1`
 * — one page of published articles, newest first (`published_at DESC,
 * created_at DESC`, Payload's order for `-publishedAt`), with the total, in one
 * SQL statement. The page's ids are found on the list indexes alone (migration
 * 20261127_050000_list_indexes) before any row is read. 200 in the shape of a
 * REST list (`docs`, `totalDocs`, `page`, `limit`, `totalPages`,
 * `hasNextPage`, `hasPrevPage`); docs carry `id, title, slug, section, summary,
 * publishedAt` and, with `images=1`, `heroImage` as REST at depth 1.
 */
export const articleListEndpoint: Endpoint = {
  path: '/article-list',
  method: 'get',
  handler: async (req) => {
    const params = req.searchParams
    const filter = readFilter(params)
    if (filter instanceof Response) return filter
    const page = intParam(params.get('page'), 1, 100_000)
    const limit = intParam(params.get('limit'), 15, 50)
    if (page === null || limit === null) return jsonError(400, 'INVALID_PAGE', '页码或条数无效。')
    const withImages = params.get('images') === '1'
    const where = whereOf(filter)
    const [row] = await readRows<PageRow>(
      req.payload,
      sql`
      WITH page_ids AS (
        SELECT a.id, a.published_at, a.created_at FROM articles a WHERE ${where}
        ORDER BY a.published_at DESC, a.created_at DESC LIMIT ${limit} OFFSET ${(page - 1) * limit}
      ),
      docs AS (
        SELECT a.id, a.title, a.slug, a.section::text AS section, a.summary, a.published_at, a.created_at, a.hero_image_id
        FROM page_ids p JOIN articles a USING (id)
      )
      SELECT
        (SELECT count(*) FROM articles a WHERE ${where}) AS total,
        (SELECT json_agg(d ORDER BY d.published_at DESC, d.created_at DESC) FROM docs d) AS docs,
        ${withImages ? sql`(SELECT json_agg(m) FROM media m WHERE m.id IN (SELECT hero_image_id FROM docs))` : sql`NULL`} AS media`,
    )
    const serverUrl = req.payload.config.serverURL
    const media = new Map((row?.media ?? []).map((m) => [m.id, uploadDoc(serverUrl, 'media', m)]))
    const totalDocs = Number(row?.total ?? 0)
    const totalPages = Math.max(1, Math.ceil(totalDocs / limit))
    const docs = (row?.docs ?? []).map((d) => ({
      ...listItem(d),
      ...(withImages ? { heroImage: d.hero_image_id ? (media.get(d.hero_image_id) ?? null) : null } : {}),
    }))
    return answer('/article-list', {
      docs,
      totalDocs,
      page,
      limit,
      totalPages,
      hasNextPage: page < totalPages,
      hasPrevPage: page > 1,
    })
  },
}

/**
 * `GET /api/article-counts?bounds=<iso>,<iso>,…` — how many published articles
 * fall in each range between consecutive bounds (2 to 37 bounds: an archive's
 * twelve months take thirteen), in one statement instead of one count each.
 * 200 `{ counts: number[] }`.
 */
export const articleCountsEndpoint: Endpoint = {
  path: '/article-counts',
  method: 'get',
  handler: async (req) => {
    const bounds = (req.searchParams.get('bounds') ?? '').split(',').filter(Boolean)
    if (bounds.length < 2 || bounds.length > 37 || !bounds.every((b) => ISO.test(b))) {
      return jsonError(400, 'INVALID_BOUNDS', 'bounds 应为 2 到 37 个以逗号分隔的 ISO 8601 时间。')
    }
    // A Postgres array literal; every bound was checked against ISO above, so none holds a comma or brace.
    const array = `{${bounds.join(',')}}`
    const rows = await readRows<{ i: number; n: string | number }>(
      req.payload,
      sql`
      SELECT b.i, (SELECT count(*) FROM articles a
        WHERE a._status = 'published' AND a.published_at >= b.lo AND a.published_at < b.hi) AS n
      FROM (SELECT i, (${array}::timestamptz[])[i] AS lo, (${array}::timestamptz[])[i + 1] AS hi
        FROM generate_series(1, ${bounds.length - 1}) AS i) b
      ORDER BY b.i`,
    )
    return answer('/article-counts', { counts: rows.map((r) => Number(r.n)) })
  },
}
