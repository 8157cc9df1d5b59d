// `npm run restore -- FILE`: brings an empty machine (or an empty DATABASE_URL
// database) back to the content of a `npm run backup` archive: migrates the
// database with this code, loads the rows in one transaction, unpacks the uploads.
// It needs the database to itself: while `npm start` (or anything else) uses it,
// it refuses and changes nothing.
import path from 'node:path'
import pg from 'pg'
import { runBootstrap } from './lib/bootstrap.mjs'
import { loadArchive, readArchive } from './lib/data-archive.mjs'
import { ensureDatabase, ensurePayloadSecret } from './lib/local-settings.mjs'
import { configuredMediaStore } from './lib/media-store.mjs'

const file = process.argv[2]
if (!file) {
  console.error('用法：npm run restore -- 备份文件.tar.gz')
  process.exit(2)
}
const archive = path.resolve(process.env.INIT_CWD || process.cwd(), file)
// Where the CMS keeps uploads with these settings: the S3 bucket when S3_BUCKET is set, else MEDIA_DIR.
const media = configuredMediaStore()

/**
 * Sessions of other programs on the target database (a CMS or site of a running stack, a psql):
 * the embedded database's registry cannot see those of an external DATABASE_URL.
 */
async function assertNobodyConnected(url) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    )
    if (rows[0].n > 0) {
      throw new Error(
        `目标数据库正被其他程序使用（${rows[0].n} 个连接，例如正在运行的 npm start）。恢复需要独占数据库，请先停止它们再恢复。` +
          `（${rows[0].n} other sessions are connected to the target database）`,
      )
    }
  } finally {
    await client.end()
  }
}

let code = 0
let opened
try {
  opened = await readArchive(archive)
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : error}`)
  process.exit(1)
}
let database
try {
  database = await ensureDatabase(() => {}, { command: 'npm run restore', exclusive: true })
  await assertNobodyConnected(database.url)
  // The schema comes from this code's committed migrations; no admin, no sample content.
  await runBootstrap({
    DATABASE_URL: database.url,
    PAYLOAD_SECRET: ensurePayloadSecret(),
    BOOTSTRAP_MIGRATE_ONLY: 'true',
  })
  await loadArchive({ databaseUrl: database.url, media, ...opened, log: console.log })
} catch (error) {
  const message = error instanceof Error ? error.message : String(error)
  console.error(message.startsWith('数据库已恢复') ? `✗ ${message}` : `✗ 恢复失败，数据库未作任何改动：${message}`)
  code = 1
} finally {
  await database?.stop()
}
process.exit(code)
