import type { ArticleListItem, PolicyStatus, Section } from '../contract'
import type { Article } from '../payload-types'

/**
 * Rows as the site endpoints' SQL reads them: the columns the migrations
 * create (cms/src/migrations), snake_case as PostgreSQL names them, each typed
 * with the generated type of the field it stores, so a field can be followed
 * from its column through the contract (cms/src/contract) to the page.
 * `row_to_json` and `json_agg` write timestamps as text.
 */

/** A row of `articles` (the published version of each article; drafts live in `_articles_v`). */
export type ArticleRow = {
  id: number
  title: string
  slug: string
  section: Section
  summary: string | null
  content: Article['content']
  published_at: string | null
  updated_at: string
  created_at: string
  _status: NonNullable<Article['_status']>
  featured: boolean | null
  hero_image_id: number | null
  bylines_source: string | null
  bylines_author: string | null
  bylines_editor: string | null
  policy_original_title: string | null
  policy_issuer: string | null
  policy_document_number: string | null
  policy_issued_date: string | null
  policy_original_url: string | null
  policy_original_file_id: number | null
  policy_status: PolicyStatus | null
  policy_replaced_by_id: number | null
  park_location: string | null
  park_founded_date: string | null
  park_contact: string | null
  park_website: string | null
  meta_title: string | null
  meta_description: string | null
  meta_image_id: number | null
}

/** The columns lists select: `id, title, slug, section, summary, published_at`. */
export type ListRow = Pick<ArticleRow, 'id' | 'title' | 'slug' | 'section' | 'summary' | 'published_at'>

/** A timestamp as REST writes it (`2016-04-18T02:00:00.000Z`); json_agg writes `2016-04-18T02:00:00+00:00`. */
export function isoDate(value: string | Date): string
export function isoDate(value: string | Date | null | undefined): string | null
export function isoDate(value: string | Date | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null
}

/** A list entry (cards, lists, related articles) from its row. */
export const listItem = ({ id, title, slug, section, summary, published_at }: ListRow): ArticleListItem => ({
  id,
  title,
  slug,
  section,
  summary,
  publishedAt: isoDate(published_at),
})
