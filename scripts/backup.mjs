// `npm run backup [-- FILE]`: the database `npm start` uses (embedded unless
// DATABASE_URL is set) and the uploaded files, in one consistent .tar.gz.
import path from 'node:path'
import { backup } from './lib/data-archive.mjs'
import { DATA_DIR, ensureDatabase } from './lib/local-settings.mjs'
import { configuredMediaStore } from './lib/media-store.mjs'

const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
const archive = path.resolve(
  process.env.INIT_CWD || process.cwd(),
  process.argv[2] || path.join(DATA_DIR, 'backups', `newsroom-${stamp}.tar.gz`),
)
// Where the CMS keeps uploads with these settings: the S3 bucket when S3_BUCKET is set, else MEDIA_DIR.
const media = configuredMediaStore()

let code = 0
let database
try {
  // Beside a running `npm start` this uses its database and leaves it running.
  database = await ensureDatabase(() => {}, { command: 'npm run backup' })
  await backup({ databaseUrl: database.url, media, archive, log: console.log })
} catch (error) {
  console.error(`✗ 备份失败：${error instanceof Error ? error.message : error}`)
  code = 1
} finally {
  await database?.stop()
}
process.exit(code)
