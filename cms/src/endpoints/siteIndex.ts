import type { Endpoint } from 'payload'
import { SECTIONS } from '../collections/Articles/sections'
import type { SiteIndex } from '../contract'
import { readRows } from '../lib/readReplicas'
import { sql } from '../lib/sql'
import { answer, intParam, jsonError } from './respond'
import { isoDate } from './rows'

/** Sitemaps hold at most 50,000 URLs (sitemaps.org): the most one page of articles can hold. */
const MAX_PAGE_SIZE = 50_000

type DirectoryRow = {
  site: SiteIndex['site']
  topics: SiteIndex['topics'] | null
  pages: SiteIndex['pages'] | null
  sections: Array<{ section: string; lastModified: string | null }> | null
  months: SiteIndex['archive'] | null
  articles_total: string | number | null
  articles_last_modified: string | null
}

/**
 * `GET /api/site-index[?full=true]` — what sitemaps and the OPML list need, in
 * one statement: `{ site, sections: [{ value, label, lastModified }], topics:
 * [{ slug, name, description, updatedAt }], pages: [{ slug, title, updatedAt }],
 * archive: [{ year, month, lastModified }], articles: { total, lastModified } }`.
 * `archive` (Asia/Shanghai months with articles) and `articles.total` read
 * every published article, so only with `full=true` (the sitemap); otherwise
 * `[]` and null.
 */
export const siteIndexEndpoint: Endpoint = {
  path: '/site-index',
  method: 'get',
  handler: async (req) => {
    const full = req.searchParams.get('full') === 'true'
    const sectionValues = SECTIONS.map((s) => s.value as string)
    const [row] = await readRows<DirectoryRow>(
      req.payload,
      sql`
      SELECT
        (SELECT json_build_object('name', site_name, 'description', description) FROM site_settings LIMIT 1) AS site,
        (SELECT json_agg(json_build_object('slug', slug, 'name', name, 'description', description, 'updatedAt', updated_at) ORDER BY "order", name)
          FROM topics WHERE slug IS NOT NULL) AS topics,
        (SELECT json_agg(json_build_object('slug', slug, 'title', title, 'updatedAt', updated_at) ORDER BY slug)
          FROM pages WHERE slug IS NOT NULL) AS pages,
        -- Per section, the newest change; one subquery per section so each is planned for its own value.
        json_build_array(${sql.join(
          sectionValues.map(
            (value) => sql`json_build_object('section', ${value}::text, 'lastModified',
              (SELECT max(a.updated_at) FROM articles a WHERE a._status = 'published' AND a.section = ${value}::enum_articles_section))`,
          ),
          sql`, `,
        )}) AS sections,
        CASE WHEN ${full}::boolean THEN
          (SELECT json_agg(json_build_object('year', extract(year FROM month)::int, 'month', extract(month FROM month)::int,
              'lastModified', last_modified) ORDER BY month DESC)
            FROM (SELECT date_trunc('month', published_at AT TIME ZONE 'Asia/Shanghai') AS month, max(updated_at) AS last_modified
                  FROM articles WHERE _status = 'published' AND published_at IS NOT NULL GROUP BY 1) months)
        END AS months,
        CASE WHEN ${full}::boolean THEN (SELECT count(*) FROM articles WHERE _status = 'published') END AS articles_total,
        (SELECT max(updated_at) FROM articles WHERE _status = 'published') AS articles_last_modified`,
    )
    const lastModifiedBySection = new Map((row?.sections ?? []).map((s) => [s.section, s.lastModified]))
    const total = row?.articles_total == null ? null : Number(row.articles_total)
    return answer('/site-index', {
      site: row?.site ?? null,
      sections: SECTIONS.map((s) => ({
        value: s.value,
        label: s.label,
        lastModified: lastModifiedBySection.get(s.value) ?? null,
      })),
      topics: row?.topics ?? [],
      pages: row?.pages ?? [],
      archive: row?.months ?? [],
      articles: { total, lastModified: row?.articles_last_modified ?? null },
    })
  },
}

/**
 * `GET /api/site-index/articles?page=N&limit=M` — published articles for one
 * sitemap page (1-based; M ≤ 50,000, default 50,000; oldest id first so pages
 * stay stable as articles are added): `{ page, limit, docs: [{ slug, updatedAt }] }`.
 * 404 past the last page (page 1 always exists).
 */
export const siteIndexArticlesEndpoint: Endpoint = {
  path: '/site-index/articles',
  method: 'get',
  handler: async (req) => {
    const page = intParam(req.searchParams.get('page'), 1, 100_000)
    if (page === null) return jsonError(404, 'PAGE_NOT_FOUND', '没有这一页。')
    const limit = intParam(req.searchParams.get('limit'), MAX_PAGE_SIZE, MAX_PAGE_SIZE)
    if (limit === null) return jsonError(400, 'INVALID_LIMIT', `每页条数应为 1 到 ${MAX_PAGE_SIZE} 之间的整数。`)
    const docs = await readRows<{ slug: string; updatedAt: string }>(
      req.payload,
      sql`SELECT slug, updated_at AS "updatedAt" FROM articles
        WHERE _status = 'published' AND slug IS NOT NULL
        ORDER BY id LIMIT ${limit} OFFSET ${(page - 1) * limit}`,
    )
    if (docs.length === 0 && page > 1) return jsonError(404, 'PAGE_NOT_FOUND', '没有这一页。')
    return answer('/site-index/articles', {
      page,
      limit,
      docs: docs.map((d) => ({ slug: d.slug, updatedAt: isoDate(d.updatedAt) })),
    })
  },
}
