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

const database = await ensureDatabase(() => {})
let code = 0
try {
  await runPayloadScript('../content-seed/src/import-cli.ts', files, {
    env: { DATABASE_URL: database.url, PAYLOAD_SECRET: ensurePayloadSecret(), PAYLOAD_JOBS_AUTORUN: 'false' },
  })
} catch {
  code = 1
} finally {
  await database.stop()
}
process.exit(code)
