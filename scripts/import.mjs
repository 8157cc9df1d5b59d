// `npm run import -- [--section policy] [--update] FILE... [--feed URL-or-file]`: imports Word documents,
// plain-text/Markdown articles and old-site exports as drafts into the database `npm start` uses
// (embedded unless DATABASE_URL is set).
import path from 'node:path'
import { ensureDatabase, ensurePayloadSecret } from './lib/local-settings.mjs'
import { runPayloadScript } from './lib/processes.mjs'

const USAGE =
  '用法：npm run import -- [--section news|policy|park|notice] [--update] 文件.docx 文件.txt … | 导出.xml | --feed 网址或文件'
const cwd = process.env.INIT_CWD || process.cwd()
/** @type {string[]} */
const files = []
/** @type {{ section?: string, update: boolean, feeds: string[] }} */
const options = { section: undefined, update: false, feeds: [] }
const args = process.argv.slice(2)
for (let i = 0; i < args.length; i++) {
  const arg = args[i]
  if (arg === '--update') options.update = true
  else if (arg === '--section') options.section = args[++i]
  else if (arg === '--feed') {
    const value = args[++i]
    if (!value) break
    options.feeds.push(/^https?:\/\//i.test(value) ? value : path.resolve(cwd, value))
  } else if (arg.startsWith('--')) {
    console.error(`未知选项 ${arg}\n${USAGE}`)
    process.exit(2)
  } else files.push(path.resolve(cwd, arg))
}
if (files.length === 0 && options.feeds.length === 0) {
  console.error(USAGE)
  process.exit(2)
}

let code = 0
let database
try {
  // Beside a running `npm start` this uses its database and leaves it running.
  database = await ensureDatabase(() => {}, { command: 'npm run import' })
  // Options travel in the environment: `payload run` parses the command line itself.
  await runPayloadScript('../content-seed/src/import-cli.ts', files, {
    env: {
      DATABASE_URL: database.url,
      PAYLOAD_SECRET: ensurePayloadSecret(),
      PAYLOAD_JOBS_AUTORUN: 'false',
      NEWSROOM_IMPORT_OPTIONS: JSON.stringify(options),
    },
  })
} catch (error) {
  // The import script reports its own failures; this is for the database not being available.
  if (!database) console.error(`✗ 导入失败：${error instanceof Error ? error.message : error}`)
  code = 1
} finally {
  await database?.stop()
}
process.exit(code)
