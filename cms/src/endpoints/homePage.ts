import type { Endpoint } from 'payload'
import { SECTIONS } from '../collections/Articles/sections'
import type { HomePageData, Section, TopicDetail } from '../contract'
import { readPool } from '../lib/readReplicas'
import { type UploadRow, uploadDoc } from './populateRichText'
import { answer, jsonError } from './respond'
import { type ListRow, listItem } from './rows'

type HomeRow = {
  featured: Array<ListRow & { hero_image_id: number | null }> | null
  latest: ListRow[] | null
  sections: Array<ListRow & { list: Section }> | null
  topics: TopicDetail[] | null
  media: UploadRow[] | null
}

/**
 * Every list in list order (`published_at DESC, created_at DESC`, as Payload's
 * REST sorts `-publishedAt`), each read from articles_status_(section_)published_at_idx.
 * Named prepared statement: planned once per pooled connection.
 */
const HOME_PAGE_SQL = `
WITH featured AS (
  SELECT id, title, slug, section::text AS section, summary, published_at, hero_image_id FROM articles
  WHERE _status = 'published' AND featured ORDER BY published_at DESC, created_at DESC LIMIT 3
),
latest AS (
  SELECT id, title, slug, section::text AS section, summary, published_at FROM articles
  WHERE _status = 'published' ORDER BY published_at DESC, created_at DESC LIMIT $1
),
by_section AS (
  SELECT s.name AS list, s.ord, x.* FROM unnest($2::text[]) WITH ORDINALITY AS s(name, ord), LATERAL (
    SELECT id, title, slug, section::text AS section, summary, published_at FROM articles
    WHERE _status = 'published' AND section = s.name::enum_articles_section
    ORDER BY published_at DESC, created_at DESC LIMIT $1) x
)
SELECT
  (SELECT json_agg(f ORDER BY f.published_at DESC) FROM featured f) AS featured,
  (SELECT json_agg(l ORDER BY l.published_at DESC) FROM latest l) AS latest,
  (SELECT json_agg(b ORDER BY b.ord, b.published_at DESC) FROM by_section b) AS sections,
  (SELECT json_agg(json_build_object('id', id, 'name', name, 'slug', slug, 'description', description) ORDER BY "order", id)
    FROM topics) AS topics,
  (SELECT json_agg(m) FROM media m WHERE m.id IN (SELECT hero_image_id FROM featured)) AS media
`

/**
 * `GET /api/home-page?limit=6` — the home page's lists in one SQL statement
 * (issue 5: at most three statements per uncached page; REST took sixteen):
 * three featured articles with their hero image (media document as REST at
 * depth 1), the newest `limit` (default 6, at most 20), the newest `limit` of
 * each section, and every topic in editorial order. Published content only.
 */
export const homePageEndpoint: Endpoint = {
  path: '/home-page',
  method: 'get',
  handler: async (req) => {
    const raw = req.searchParams.get('limit')
    const limit = raw === null ? 6 : Number(raw)
    if (!Number.isInteger(limit) || limit < 1 || limit > 20)
      return jsonError(400, 'INVALID_LIMIT', '条数应为 1 到 20 之间的整数。')
    const row = await readPool(req.payload)
      .query<HomeRow>({
        name: 'newsroom_home_page',
        text: HOME_PAGE_SQL,
        values: [limit, SECTIONS.map((s) => s.value)],
      })
      .then((result) => result.rows[0] ?? null)
      .catch((error: unknown) => {
        req.payload.logger.error({ err: error, msg: 'home page query failed' })
        return null
      })
    if (!row) return jsonError(503, 'DATABASE_UNAVAILABLE', '数据库暂时不可用。')
    const serverUrl = req.payload.config.serverURL
    const media = new Map((row.media ?? []).map((m) => [m.id, uploadDoc(serverUrl, 'media', m)]))
    const sections: HomePageData['sections'] = { news: [], policy: [], park: [], notice: [] }
    for (const item of row.sections ?? []) sections[item.list]?.push(listItem(item))
    return answer('/home-page', {
      featured: (row.featured ?? []).map((item) => ({
        ...listItem(item),
        heroImage: item.hero_image_id ? (media.get(item.hero_image_id) ?? null) : null,
      })),
      latest: (row.latest ?? []).map(listItem),
      sections,
      topics: row.topics ?? [],
    })
  },
}
