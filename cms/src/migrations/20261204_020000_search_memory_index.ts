import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * The in-memory search index (issue 15, docs/decisions/016; hand-written).
 * `search_index` stays the source of truth, and gains what each CMS process
 * loads its index from: the article's terms as ids into `search_terms`
 * (big-endian uint32 each, so loading reads bytes, not text), its title's terms
 * and pinyin, topics, policy status. Every write takes `seq` from a sequence
 * under an advisory lock (searchIndex.ts), so a process that has applied
 * everything up to seq N has seen every commit before it, and catches up with
 * `seq > N`. An article that leaves the site keeps a row with `live = false`
 * (no foreign key any more: the row outlives a deleted article), so every
 * process also learns of removals. Existing rows have no terms yet: the CMS
 * fills them at its first start (memoryIndex.ts, reindexing rows without terms).
 * The tsvector, its GIN index and the two functions stay: they answer while a
 * process is still loading its index.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  CREATE TABLE "search_terms" (
    "id" serial PRIMARY KEY NOT NULL,
    "term" varchar NOT NULL
  );
  CREATE UNIQUE INDEX "search_terms_term_idx" ON "search_terms" USING btree ("term");
  CREATE SEQUENCE "search_index_seq";
  ALTER TABLE "search_index" DROP CONSTRAINT IF EXISTS "search_index_article_id_articles_id_fk";
  ALTER TABLE "search_index" DROP CONSTRAINT IF EXISTS "search_index_article_id_fkey";
  ALTER TABLE "search_index"
    ADD COLUMN "live" boolean NOT NULL DEFAULT true,
    ADD COLUMN "seq" bigint NOT NULL DEFAULT nextval('search_index_seq'),
    ADD COLUMN "terms" bytea,
    ADD COLUMN "title_terms" bytea,
    ADD COLUMN "title_pinyin" varchar NOT NULL DEFAULT '',
    ADD COLUMN "topic_ids" integer[] NOT NULL DEFAULT '{}',
    ADD COLUMN "policy_status" varchar;
  -- Bytes of ids compress poorly and are read whole at every start: store them as they are.
  ALTER TABLE "search_index" ALTER COLUMN "terms" SET STORAGE EXTERNAL;
  ALTER TABLE "search_index" ALTER COLUMN "title_terms" SET STORAGE EXTERNAL;
  -- Owned by the column, so a restore (scripts/lib/data-archive.mjs) moves it past the restored rows.
  ALTER SEQUENCE "search_index_seq" OWNED BY "search_index"."seq";
  CREATE UNIQUE INDEX "search_index_seq_idx" ON "search_index" USING btree ("seq");`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DELETE FROM "search_index" WHERE NOT "live";
  DROP INDEX IF EXISTS "search_index_seq_idx";
  ALTER TABLE "search_index" DROP COLUMN "live", DROP COLUMN "seq", DROP COLUMN "terms", DROP COLUMN "title_terms",
    DROP COLUMN "title_pinyin", DROP COLUMN "topic_ids", DROP COLUMN "policy_status";
  DELETE FROM "search_index" s WHERE NOT EXISTS (SELECT 1 FROM "articles" a WHERE a.id = s.article_id);
  ALTER TABLE "search_index" ADD CONSTRAINT "search_index_article_id_fkey"
    FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE CASCADE;
  DROP SEQUENCE IF EXISTS "search_index_seq";
  DROP TABLE IF EXISTS "search_terms";`)
}
