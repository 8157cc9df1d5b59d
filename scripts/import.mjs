// `npm run import -- FILE...`: imports plain-text/Markdown articles as drafts
// into the database `npm start` uses (embedded unless DATABASE_URL is set).
import path from 'node:path'
import { ensureDatabase, ensurePayloadSecret } from './lib/local-settings.mjs'
import { runPayloadScript } from './lib/processes.mjs'

const files = process.argv.slice(2).map((file) => path.resolve(process.env.INIT_CWD || process.cwd(), file))
if (files.length === 0) {
  console.error('用法：npm run import -- 文件1.txt [文件2.md …]')
  process.exit(2)
}

let code = 0
let database
try {
  // Beside a running `npm start` this uses its database and leaves it running.
  database = await ensureDatabase(() => {}, { command: 'npm run import' })
  await runPayloadScript('../content-seed/src/import-cli.ts', files, {
    env: { DATABASE_URL: database.url, PAYLOAD_SECRET: ensurePayloadSecret(), PAYLOAD_JOBS_AUTORUN: 'false' },
  })
} catch (error) {
  // The import script reports its own failures; this is for the database not being available.
  if (!database) console.error(`✗ 导入失败：${error instanceof Error ? error.message : error}`)
  code = 1
} finally {
  await database?.stop()
}
process.exit(code)
