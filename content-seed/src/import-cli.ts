/**
 * `payload run ../content-seed/src/import-cli.ts FILE...` (from cms/), usually
 * through `npm run import -- FILE...`: imports text/Markdown articles as drafts
 * and prints one line per file. Exit code 0 only if every file was imported
 * (or had been already), 1 if any failed, 2 on wrong usage.
 */
import { getPayload } from 'payload'
import config from '../../cms/src/payload.config'
import { type ImportReport, importArticleFiles } from './importer'

// `payload run` parses arguments with minimist, which turns a name like "2016" into a number.
const files = process.argv.slice(2).map(String)
if (files.length === 0) {
  console.error('用法：npm run import -- 文件1.txt [文件2.md …]（Usage: import FILE...）')
  process.exit(2)
}

function line(r: ImportReport): string {
  if (!r.ok) return `✗ ${r.file} → ${r.error}`
  if (r.skipped) return `✓ ${r.file} → 《${r.title}》已导入过（ID ${r.id}），未重复创建`
  return `✓ ${r.file} → 《${r.title}》已存为草稿（ID ${r.id}，链接名 ${r.slug}），请在后台审核后发布`
}

const payload = await getPayload({ config })
let code = 0
try {
  const reports = await importArticleFiles(payload, files)
  for (const r of reports) (r.ok ? console.log : console.error)(line(r))
  const failed = reports.filter((r) => !r.ok).length
  console.log(`导入完成：共 ${reports.length} 个文件，成功 ${reports.length - failed} 个，失败 ${failed} 个。`)
  if (failed > 0) code = 1
} catch (error) {
  code = 1
  console.error('导入中断（import aborted）：', error)
} finally {
  await payload.destroy()
}
process.exit(code)
