import { timingSafeEqual } from 'node:crypto'
import type { Endpoint } from 'payload'
import { jsonError } from '../../../endpoints/respond'
import { INTERNAL_SECRET_HEADER, internalApiSecret } from '../../../lib/internalApi'
import { pgPool } from '../../../lib/sql'

/**
 * 点击量 (view counts). Readers' pages send a beacon to the site, which sums
 * views in memory and posts them here in batches (site/app/features/articles/views.server.ts),
 * so counting never touches a page's critical path and the database sees one
 * statement per few seconds instead of one per reader.
 *
 * Counts live in Payload's key-value table (`payload_kv`, key
 * `article-views:<id>`, data `{ "count": n }`): an atomic upsert needs no
 * schema change, several CMS instances may add at once, and editing an
 * article never races a counter. Only published articles are counted.
 */

// Exported for the article page's one-statement read (articlePage.ts).
export const KEY_PREFIX = 'article-views:'
/** One batch holds a few seconds of one site instance's traffic; more than this is not a batch of ours. */
const MAX_IDS_PER_BATCH = 1000
const MAX_VIEWS_PER_ID = 10_000

function fromSite(headers: Headers): boolean {
  const given = Buffer.from(headers.get(INTERNAL_SECRET_HEADER) ?? '')
  const expected = Buffer.from(internalApiSecret)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** `POST /api/articles/views` `{ "counts": { "<articleId>": <views> } }` from the site → 200 `{ counted }`. */
export const recordArticleViewsEndpoint: Endpoint = {
  path: '/views',
  method: 'post',
  handler: async (req) => {
    if (!fromSite(req.headers)) return jsonError(403, 'NOT_THE_SITE', '只接受本站服务器提交的点击量。')
    let body: unknown
    try {
      body = await req.json?.()
    } catch {
      return jsonError(400, 'INVALID_JSON', '请求内容不是有效的 JSON。')
    }
    const counts = (body as { counts?: unknown } | undefined)?.counts
    if (!counts || typeof counts !== 'object') return jsonError(400, 'INVALID_COUNTS', '缺少 counts。')
    const ids: number[] = []
    const views: number[] = []
    for (const [id, n] of Object.entries(counts as Record<string, unknown>)) {
      if (!/^[1-9][0-9]{0,8}$/.test(id) || typeof n !== 'number' || !Number.isInteger(n) || n < 1) continue
      ids.push(Number(id))
      views.push(Math.min(n, MAX_VIEWS_PER_ID))
      if (ids.length >= MAX_IDS_PER_BATCH) break
    }
    if (!ids.length) return Response.json({ counted: 0 })
    const { rows } = await pgPool(req.payload).query(
      `INSERT INTO payload_kv (key, data)
       SELECT $3::text || t.id::text, jsonb_build_object('count', t.n)
       FROM unnest($1::int[], $2::int[]) AS t(id, n)
       JOIN articles a ON a.id = t.id AND a._status = 'published'
       ON CONFLICT (key) DO UPDATE
         SET data = jsonb_build_object('count', COALESCE((payload_kv.data->>'count')::bigint, 0) + (EXCLUDED.data->>'count')::bigint)
       RETURNING key`,
      [ids, views, KEY_PREFIX],
    )
    return Response.json({ counted: rows.length }, { headers: { 'Cache-Control': 'no-store' } })
  },
}

/** `GET /api/articles/views?ids=1,2,3` → 200 `{ "1": 120, "2": 0, … }`: public, like the count shown on the page. */
export const readArticleViewsEndpoint: Endpoint = {
  path: '/views',
  method: 'get',
  handler: async (req) => {
    const raw = req.searchParams.get('ids') ?? ''
    if (!/^[1-9][0-9]{0,8}(,[1-9][0-9]{0,8}){0,99}$/.test(raw))
      return jsonError(400, 'INVALID_IDS', 'ids 应为逗号分隔的文章编号（最多 100 个）。')
    const ids = [...new Set(raw.split(',').map(Number))]
    const { rows } = await pgPool(req.payload).query(
      "SELECT key, (data->>'count')::bigint AS count FROM payload_kv WHERE key = ANY($1::text[])",
      [ids.map((id) => `${KEY_PREFIX}${id}`)],
    )
    const result: Record<string, number> = Object.fromEntries(ids.map((id) => [String(id), 0]))
    for (const row of rows) result[String(row.key).slice(KEY_PREFIX.length)] = Number(row.count)
    return Response.json(result, { headers: { 'Cache-Control': 'no-store' } })
  },
}
