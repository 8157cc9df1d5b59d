import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Indexes for the public lists at 100,000 articles (issue 5; hand-written,
 * Payload's field `index: true` makes only single-column ones). Payload's
 * REST lists filter `_status = 'published'` (plus a section, featured or a
 * topic) and sort `published_at DESC, created_at DESC`; the article page's
 * neighbours walk the same order. Measured on 100,000 generated articles
 * (content-seed/src/generate-bulk.ts): a section's count 134 → 12 ms, its page
 * 500 without a sort, the home page's featured list 111 → 0.1 ms, previous/next
 * 500 → 0.1 ms; a topic's count 220 → 20 ms. A btree is read backwards for
 * DESC, so ascending columns serve; `id` at the end lets the custom list
 * endpoint (endpoints/articleList.ts) page through ids without touching the table.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  CREATE INDEX IF NOT EXISTS "articles_status_published_at_idx" ON "articles" ("_status", "published_at", "created_at", "id");
  CREATE INDEX IF NOT EXISTS "articles_status_section_published_at_idx" ON "articles" ("_status", "section", "published_at", "created_at", "id");
  CREATE INDEX IF NOT EXISTS "articles_id_status_idx" ON "articles" ("id", "_status");
  CREATE INDEX IF NOT EXISTS "articles_featured_published_at_idx" ON "articles" ("published_at", "created_at") WHERE "featured";
  CREATE INDEX IF NOT EXISTS "articles_rels_topics_path_parent_idx" ON "articles_rels" ("topics_id", "path", "parent_id");`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP INDEX IF EXISTS "articles_status_published_at_idx";
  DROP INDEX IF EXISTS "articles_status_section_published_at_idx";
  DROP INDEX IF EXISTS "articles_featured_published_at_idx";
  DROP INDEX IF EXISTS "articles_rels_topics_path_parent_idx";
  DROP INDEX IF EXISTS "articles_id_status_idx";`)
}
