import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_articles_review_log_action" AS ENUM('submit', 'pass', 'return', 'approve', 'publish', 'urgent_publish', 'scheduled_publish');
  CREATE TYPE "public"."enum_articles_review_state" AS ENUM('draft', 'pending_first', 'pending_final', 'returned', 'approved');
  CREATE TYPE "public"."enum__articles_v_version_review_log_action" AS ENUM('submit', 'pass', 'return', 'approve', 'publish', 'urgent_publish', 'scheduled_publish');
  CREATE TYPE "public"."enum__articles_v_version_review_state" AS ENUM('draft', 'pending_first', 'pending_final', 'returned', 'approved');
  CREATE TYPE "public"."enum_audit_log_action" AS ENUM('publish', 'urgent_publish', 'unpublish', 'delete', 'role_change', 'login_failed', 'settings_change');
  CREATE TYPE "public"."enum_site_settings_review_steps" AS ENUM('1', '2');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'reviewNotice' BEFORE 'schedulePublish';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'reviewNotice' BEFORE 'schedulePublish';
  CREATE TABLE "articles_review_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"action" "enum_articles_review_log_action",
  	"by_id" integer,
  	"by_name" varchar,
  	"at" timestamp(3) with time zone,
  	"comment" varchar,
  	"late_minutes" numeric
  );
  
  CREATE TABLE "_articles_v_version_review_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"action" "enum__articles_v_version_review_log_action",
  	"by_id" integer,
  	"by_name" varchar,
  	"at" timestamp(3) with time zone,
  	"comment" varchar,
  	"late_minutes" numeric,
  	"_uuid" varchar
  );
  
  CREATE TABLE "audit_log" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"action" "enum_audit_log_action" NOT NULL,
  	"summary" varchar NOT NULL,
  	"actor_id" integer,
  	"actor_email" varchar,
  	"target_collection" varchar,
  	"target_id" varchar,
  	"address" varchar,
  	"detail" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "articles" ADD COLUMN "review_state" "enum_articles_review_state" DEFAULT 'draft';
  ALTER TABLE "_articles_v" ADD COLUMN "version_review_state" "enum__articles_v_version_review_state" DEFAULT 'draft';
  ALTER TABLE "users" ADD COLUMN "final_reviewer" boolean DEFAULT false;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "audit_log_id" integer;
  ALTER TABLE "site_settings" ADD COLUMN "review_steps" "enum_site_settings_review_steps" DEFAULT '1';
  ALTER TABLE "articles_review_log" ADD CONSTRAINT "articles_review_log_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles_review_log" ADD CONSTRAINT "articles_review_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_review_log" ADD CONSTRAINT "_articles_v_version_review_log_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v_version_review_log" ADD CONSTRAINT "_articles_v_version_review_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "articles_review_log_order_idx" ON "articles_review_log" USING btree ("_order");
  CREATE INDEX "articles_review_log_parent_id_idx" ON "articles_review_log" USING btree ("_parent_id");
  CREATE INDEX "articles_review_log_by_idx" ON "articles_review_log" USING btree ("by_id");
  CREATE INDEX "_articles_v_version_review_log_order_idx" ON "_articles_v_version_review_log" USING btree ("_order");
  CREATE INDEX "_articles_v_version_review_log_parent_id_idx" ON "_articles_v_version_review_log" USING btree ("_parent_id");
  CREATE INDEX "_articles_v_version_review_log_by_idx" ON "_articles_v_version_review_log" USING btree ("by_id");
  CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action");
  CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id");
  CREATE INDEX "audit_log_target_id_idx" ON "audit_log" USING btree ("target_id");
  CREATE INDEX "audit_log_updated_at_idx" ON "audit_log" USING btree ("updated_at");
  CREATE INDEX "audit_log_created_at_idx" ON "audit_log" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_audit_log_fk" FOREIGN KEY ("audit_log_id") REFERENCES "public"."audit_log"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "articles_review_state_idx" ON "articles" USING btree ("review_state");
  CREATE INDEX "_articles_v_version_version_review_state_idx" ON "_articles_v" USING btree ("version_review_state");
  CREATE INDEX "payload_locked_documents_rels_audit_log_id_idx" ON "payload_locked_documents_rels" USING btree ("audit_log_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "articles_review_log" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_articles_v_version_review_log" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "audit_log" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "articles_review_log" CASCADE;
  DROP TABLE "_articles_v_version_review_log" CASCADE;
  DROP TABLE "audit_log" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_audit_log_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'deliverMail', 'weeklyDigest', 'pruneSubscriptionData', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'deliverMail', 'weeklyDigest', 'pruneSubscriptionData', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "articles_review_state_idx";
  DROP INDEX "_articles_v_version_version_review_state_idx";
  DROP INDEX "payload_locked_documents_rels_audit_log_id_idx";
  ALTER TABLE "articles" DROP COLUMN "review_state";
  ALTER TABLE "_articles_v" DROP COLUMN "version_review_state";
  ALTER TABLE "users" DROP COLUMN "final_reviewer";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "audit_log_id";
  ALTER TABLE "site_settings" DROP COLUMN "review_steps";
  DROP TYPE "public"."enum_articles_review_log_action";
  DROP TYPE "public"."enum_articles_review_state";
  DROP TYPE "public"."enum__articles_v_version_review_log_action";
  DROP TYPE "public"."enum__articles_v_version_review_state";
  DROP TYPE "public"."enum_audit_log_action";
  DROP TYPE "public"."enum_site_settings_review_steps";`)
}
