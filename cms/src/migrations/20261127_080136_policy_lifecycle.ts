import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_articles_policy_status" AS ENUM('valid', 'amended', 'repealed');
  CREATE TYPE "public"."enum__articles_v_version_policy_status" AS ENUM('valid', 'amended', 'repealed');
  ALTER TABLE "articles" ADD COLUMN "policy_status" "enum_articles_policy_status" DEFAULT 'valid';
  ALTER TABLE "articles" ADD COLUMN "policy_replaced_by_id" integer;
  ALTER TABLE "_articles_v" ADD COLUMN "version_policy_status" "enum__articles_v_version_policy_status" DEFAULT 'valid';
  ALTER TABLE "_articles_v" ADD COLUMN "version_policy_replaced_by_id" integer;
  ALTER TABLE "articles" ADD CONSTRAINT "articles_policy_replaced_by_id_articles_id_fk" FOREIGN KEY ("policy_replaced_by_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_policy_replaced_by_id_articles_id_fk" FOREIGN KEY ("version_policy_replaced_by_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "articles_policy_policy_replaced_by_idx" ON "articles" USING btree ("policy_replaced_by_id");
  CREATE INDEX "_articles_v_version_policy_version_policy_replaced_by_idx" ON "_articles_v" USING btree ("version_policy_replaced_by_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "articles" DROP CONSTRAINT "articles_policy_replaced_by_id_articles_id_fk";
  
  ALTER TABLE "_articles_v" DROP CONSTRAINT "_articles_v_version_policy_replaced_by_id_articles_id_fk";
  
  DROP INDEX "articles_policy_policy_replaced_by_idx";
  DROP INDEX "_articles_v_version_policy_version_policy_replaced_by_idx";
  ALTER TABLE "articles" DROP COLUMN "policy_status";
  ALTER TABLE "articles" DROP COLUMN "policy_replaced_by_id";
  ALTER TABLE "_articles_v" DROP COLUMN "version_policy_status";
  ALTER TABLE "_articles_v" DROP COLUMN "version_policy_replaced_by_id";
  DROP TYPE "public"."enum_articles_policy_status";
  DROP TYPE "public"."enum__articles_v_version_policy_status";`)
}
