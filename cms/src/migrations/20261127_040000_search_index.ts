import { type MigrateDownArgs, type MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Chinese full-text search (hand-written; Payload's schema knows nothing of it).
 * One row per *published* article, kept by the Articles hooks in
 * src/collections/Articles/hooks/indexForSearch.ts and rebuilt by
 * src/scripts/reindexSearch.ts. `tsv` is `to_tsvector('simple', …)` over the
 * space-joined tokens of src/search/segment.ts (words plus Han bigrams),
 * weighted A title, B summary and policy/park facts, C body; `title_tsv` (the
 * title alone, small) tells a title match without reading the big vector.
 * Design and measurements: src/search/CONTEXT.md.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  CREATE TABLE "search_index" (
    "article_id" integer PRIMARY KEY NOT NULL REFERENCES "public"."articles"("id") ON DELETE CASCADE,
    "slug" varchar NOT NULL,
    "section" varchar NOT NULL,
    "published_at" timestamp(3) with time zone,
    "title" varchar NOT NULL,
    "summary" varchar,
    "body_text" text NOT NULL DEFAULT '',
    "tsv" tsvector NOT NULL,
    "title_tsv" tsvector NOT NULL,
    "indexed_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  CREATE INDEX "search_index_tsv_idx" ON "search_index" USING gin ("tsv");
  CREATE INDEX "search_index_section_idx" ON "search_index" USING btree ("section");
  -- Keep heap rows tiny (text and vectors live in TOAST): finding the newest matches of a common word then
  -- reads a few MB of heap, not the vectors of every article.
  ALTER TABLE "search_index" SET (toast_tuple_target = 128);
  -- The newest p_limit matches, and the number of matches up to p_cap, always through the GIN index: left to
  -- itself the planner walks published_at testing each row's vector when it believes a query common, which
  -- detoasts a vector per row and, for an AND of common words that seldom meet, every vector in the table.
  -- Serial plans: under load a parallel worker per search only adds contention.
  CREATE FUNCTION "search_index_candidates"(q tsquery, p_section text, p_limit integer)
    RETURNS TABLE (article_id integer)
    LANGUAGE sql STABLE
    SET enable_seqscan = off
    SET enable_indexscan = off
    SET max_parallel_workers_per_gather = 0
  AS $fn$
    SELECT s.article_id FROM search_index s
    WHERE s.tsv @@ q AND (p_section IS NULL OR s.section = p_section)
    ORDER BY s.published_at DESC NULLS LAST, s.article_id DESC
    LIMIT p_limit
  $fn$;
  CREATE FUNCTION "search_index_count"(q tsquery, p_section text, p_cap integer)
    RETURNS bigint
    LANGUAGE sql STABLE
    SET enable_seqscan = off
    SET enable_indexscan = off
    SET max_parallel_workers_per_gather = 0
  AS $fn$
    SELECT count(*) FROM (
      SELECT 1 FROM search_index s WHERE s.tsv @@ q AND (p_section IS NULL OR s.section = p_section) LIMIT p_cap
    ) capped
  $fn$;`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP FUNCTION IF EXISTS "search_index_candidates"(tsquery, text, integer);
  DROP FUNCTION IF EXISTS "search_index_count"(tsquery, text, integer);
  DROP TABLE IF EXISTS "search_index";`)
}
