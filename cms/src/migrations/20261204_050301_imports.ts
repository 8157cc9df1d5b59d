import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "articles" ADD COLUMN "imported_original_id" integer;
  ALTER TABLE "articles" ADD COLUMN "imported_source_url" varchar;
  ALTER TABLE "articles" ADD COLUMN "imported_key" varchar;
  ALTER TABLE "_articles_v" ADD COLUMN "version_imported_original_id" integer;
  ALTER TABLE "_articles_v" ADD COLUMN "version_imported_source_url" varchar;
  ALTER TABLE "_articles_v" ADD COLUMN "version_imported_key" varchar;
  ALTER TABLE "documents" ADD COLUMN "internal" boolean DEFAULT false;
  ALTER TABLE "articles" ADD CONSTRAINT "articles_imported_original_id_documents_id_fk" FOREIGN KEY ("imported_original_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_imported_original_id_documents_id_fk" FOREIGN KEY ("version_imported_original_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "articles_imported_imported_original_idx" ON "articles" USING btree ("imported_original_id");
  CREATE INDEX "articles_imported_imported_key_idx" ON "articles" USING btree ("imported_key");
  CREATE INDEX "_articles_v_version_imported_version_imported_original_idx" ON "_articles_v" USING btree ("version_imported_original_id");
  CREATE INDEX "_articles_v_version_imported_version_imported_key_idx" ON "_articles_v" USING btree ("version_imported_key");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "articles" DROP CONSTRAINT "articles_imported_original_id_documents_id_fk";
  
  ALTER TABLE "_articles_v" DROP CONSTRAINT "_articles_v_version_imported_original_id_documents_id_fk";
  
  DROP INDEX "articles_imported_imported_original_idx";
  DROP INDEX "articles_imported_imported_key_idx";
  DROP INDEX "_articles_v_version_imported_version_imported_original_idx";
  DROP INDEX "_articles_v_version_imported_version_imported_key_idx";
  ALTER TABLE "articles" DROP COLUMN "imported_original_id";
  ALTER TABLE "articles" DROP COLUMN "imported_source_url";
  ALTER TABLE "articles" DROP COLUMN "imported_key";
  ALTER TABLE "_articles_v" DROP COLUMN "version_imported_original_id";
  ALTER TABLE "_articles_v" DROP COLUMN "version_imported_source_url";
  ALTER TABLE "_articles_v" DROP COLUMN "version_imported_key";
  ALTER TABLE "documents" DROP COLUMN "internal";`)
}
