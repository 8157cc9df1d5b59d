// Backup and restore of everything Newsroom keeps: the database and the
// uploaded files, in one .tar.gz (`npm run backup`, `npm run restore`). The files
// come from and go to wherever the CMS keeps them (scripts/lib/media-store.mjs):
// MEDIA_DIR or the S3 bucket; the archive is the same either way, so a backup of
// one mode restores into the other.
//
// Why not pg_dump: the embedded default is PostgreSQL 18 and Debian's client
// tools are older, and pg_dump refuses a newer server. The schema is ours
// anyway (committed migrations), so the archive carries rows, not DDL: each
// table as JSON lines, read in one REPEATABLE READ snapshot; restore migrates
// an empty database with the same code and loads the rows back with
// json_populate_recordset, which turns JSON back into every column type.
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import pg from 'pg'
import * as tar from 'tar'
import { copyStore, localStore } from './media-store.mjs'

const FORMAT = 'newsroom-backup/1'
const BATCH = 500

const ident = (name) => `"${name.replaceAll('"', '""')}"`

async function publicTables(client) {
  const { rows } = await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
  return rows.map((r) => r.tablename)
}

/**
 * Writes `archive` (.tar.gz) with manifest.json, db/<table>.jsonl.gz and media.tar.
 * @param {{ databaseUrl: string, media: import('./media-store.mjs').MediaStore, archive: string, log?: (line: string) => void }} options
 */
export async function backup({ databaseUrl, media, archive, log = () => {} }) {
  const staging = await mkdtemp(path.join(tmpdir(), 'newsroom-backup-'))
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    // One snapshot for every table: the rows agree with each other even while editors keep working.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const tables = await publicTables(client)
    if (!tables.includes('payload_migrations'))
      throw new Error('数据库还没有初始化（找不到 payload_migrations），没有可备份的内容。')
    const migrations = (await client.query('SELECT name FROM payload_migrations ORDER BY name')).rows.map((r) => r.name)
    mkdirSync(path.join(staging, 'db'))
    const counts = {}
    for (const table of tables) {
      const out = createGzip()
      const done = pipeline(out, createWriteStream(path.join(staging, 'db', `${table}.jsonl.gz`)))
      await client.query(
        `DECLARE rows_cursor NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${ident(table)} t`,
      )
      let n = 0
      for (;;) {
        const { rows } = await client.query(`FETCH ${BATCH} FROM rows_cursor`)
        if (rows.length === 0) break
        for (const row of rows) out.write(`${row.j}\n`)
        n += rows.length
      }
      await client.query('CLOSE rows_cursor')
      out.end()
      await done
      counts[table] = n
    }
    await client.query('COMMIT')
    // A bucket's objects are fetched into the staging folder first, then archived like a local folder.
    const mediaDir = media.dir ?? path.join(staging, 'media-files')
    if (!media.dir) await copyStore(media, localStore(mediaDir))
    const files = existsSync(mediaDir)
      ? readdirSync(mediaDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      : []
    writeFileSync(
      path.join(staging, 'manifest.json'),
      JSON.stringify(
        { format: FORMAT, createdAt: new Date().toISOString(), migrations, tables: counts, mediaFiles: files.length },
        null,
        2,
      ),
    )
    const entries = ['manifest.json', 'db']
    if (files.length > 0) {
      await tar.c({ cwd: mediaDir, file: path.join(staging, 'media.tar') }, readdirSync(mediaDir))
      entries.push('media.tar')
    }
    mkdirSync(path.dirname(path.resolve(archive)), { recursive: true })
    await tar.c({ gzip: true, cwd: staging, file: archive }, entries)
    log(
      `✓ 已备份 ${tables.length} 张表、${Object.values(counts).reduce((a, b) => a + b, 0)} 行数据、${files.length} 个上传文件（${media.name}）→ ${archive}`,
    )
    return { tables: counts, mediaFiles: files.length }
  } finally {
    await client.end().catch(() => {})
    await rm(staging, { recursive: true, force: true })
  }
}

/** Reads the manifest of an archive, refusing what is not ours. */
export async function readArchive(archive) {
  if (!existsSync(archive)) throw new Error(`找不到备份文件：${archive}`)
  const staging = await mkdtemp(path.join(tmpdir(), 'newsroom-restore-'))
  try {
    await tar.x({ file: archive, cwd: staging })
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw new Error(`无法读取备份文件（不是有效的 .tar.gz）：${error.message}`)
  }
  const manifestFile = path.join(staging, 'manifest.json')
  const manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : null
  if (manifest?.format !== FORMAT) {
    await rm(staging, { recursive: true, force: true })
    throw new Error('这不是 Newsroom 的备份文件（缺少或无法识别 manifest.json）。')
  }
  return { manifest, staging }
}

async function* jsonLines(file) {
  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  })
  for await (const line of lines) if (line) yield line
}

/**
 * Loads an archive into a database that the same code has just migrated and
 * that holds no content yet, in one transaction, then puts the uploads back.
 * @param {{ databaseUrl: string, media: import('./media-store.mjs').MediaStore, manifest: any, staging: string, log?: (line: string) => void }} options
 */
export async function loadArchive({ databaseUrl, media, manifest, staging, log = () => {} }) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const migrations = (await client.query('SELECT name FROM payload_migrations ORDER BY name')).rows.map((r) => r.name)
    if (JSON.stringify(migrations) !== JSON.stringify(manifest.migrations)) {
      throw new Error(
        `备份来自另一版本的程序（数据库迁移不一致）。请用与备份时相同版本的代码恢复。\n  备份：${manifest.migrations.join(', ')}\n  当前：${migrations.join(', ')}`,
      )
    }
    const tables = (await publicTables(client)).filter((t) => t !== 'payload_migrations')
    const { rows: content } = await client.query(
      'SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM articles) AS n',
    )
    if (Number(content[0].n) > 0) throw new Error('目标数据库已有用户或文章：恢复只写入空的数据库，以免覆盖现有内容。')
    const unknown = Object.keys(manifest.tables).filter((t) => t !== 'payload_migrations' && !tables.includes(t))
    if (unknown.length) throw new Error(`备份中有当前数据库没有的表：${unknown.join(', ')}`)

    await client.query('BEGIN')
    // Rows arrive table by table in any order; they come from one consistent snapshot, so foreign-key
    // triggers are paused for the load instead of ordering tables (needs a superuser or the owner).
    await client.query(`SET LOCAL session_replication_role = replica`)
    await client.query(`TRUNCATE ${tables.map(ident).join(', ')} CASCADE`)
    for (const table of tables) {
      if (!(table in manifest.tables)) continue
      let batch = []
      const flush = async () => {
        if (batch.length === 0) return
        await client.query(
          `INSERT INTO ${ident(table)} SELECT * FROM json_populate_recordset(NULL::${ident(table)}, $1::json)`,
          [`[${batch.join(',')}]`],
        )
        batch = []
      }
      for await (const line of jsonLines(path.join(staging, 'db', `${table}.jsonl.gz`))) {
        batch.push(line)
        if (batch.length >= BATCH) await flush()
      }
      await flush()
    }
    // Serial columns continue after the restored ids.
    const { rows: serials } = await client.query(`
      SELECT c.relname AS table, a.attname AS column FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind = 'r' AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`)
    for (const { table, column } of serials) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${ident(column)}) FROM ${ident(table)}), 0) + 1, false)`,
        [ident(table), column],
      )
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    await client.end().catch(() => {})
  }
  if (existsSync(path.join(staging, 'media.tar'))) {
    const mediaDir = media.dir ?? path.join(staging, 'media-files')
    mkdirSync(mediaDir, { recursive: true })
    await tar.x({ file: path.join(staging, 'media.tar'), cwd: mediaDir })
    if (!media.dir) {
      // The rows are committed by now: say so, rather than let the caller report an untouched database.
      await copyStore(localStore(mediaDir), media).catch((error) => {
        throw new Error(
          `数据库已恢复，但上传文件未能全部写入 ${media.name}（再次运行恢复会被拒绝：数据库已非空）：${error.message}`,
        )
      })
    }
  }
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0)
  log(
    `✓ 已恢复 ${Object.keys(manifest.tables).length} 张表、${rows} 行数据、${manifest.mediaFiles} 个上传文件（${media.name}）`,
  )
}
