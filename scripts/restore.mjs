// `npm run restore -- FILE`: brings an empty machine (or an empty DATABASE_URL
// database) back to the content of a `npm run backup` archive: migrates the
// database with this code, loads the rows in one transaction, unpacks the uploads.
import path from 'node:path'
import { runBootstrap } from './lib/bootstrap.mjs'
import { loadArchive, readArchive } from './lib/data-archive.mjs'
import { DATA_DIR, ensureDatabase, ensurePayloadSecret } from './lib/local-settings.mjs'

const file = process.argv[2]
if (!file) {
  console.error('用法：npm run restore -- 备份文件.tar.gz')
  process.exit(2)
}
const archive = path.resolve(process.env.INIT_CWD || process.cwd(), file)
const mediaDir = process.env.MEDIA_DIR ? path.resolve(process.env.MEDIA_DIR) : path.join(DATA_DIR, 'uploads')

let code = 0
let opened
try {
  opened = await readArchive(archive)
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : error}`)
  process.exit(1)
}
const database = await ensureDatabase(() => {})
try {
  // The schema comes from this code's committed migrations; no admin, no sample content.
  await runBootstrap({
    DATABASE_URL: database.url,
    PAYLOAD_SECRET: ensurePayloadSecret(),
    BOOTSTRAP_MIGRATE_ONLY: 'true',
  })
  await loadArchive({ databaseUrl: database.url, mediaDir, ...opened, log: console.log })
} catch (error) {
  console.error(`✗ 恢复失败，数据库未作任何改动：${error instanceof Error ? error.message : error}`)
  code = 1
} finally {
  await database.stop()
}
process.exit(code)
