/**
 * `payload run ../content-seed/src/import-cli.ts FILE...` (from cms/), usually
 * through `npm run import -- FILE...`: imports Word documents (.docx),
 * text/Markdown articles and old-site exports as drafts, printing a line per
 * file as it goes and a summary. Exit code 0 only if every file was imported
 * (or had been already), 1 if any failed, 2 on wrong usage.
 */
import { readFile, stat } from 'node:fs/promises'
import { getPayload } from 'payload'
import { isSection } from '../../cms/src/collections/Articles/sections'
import { MAX_DOCX_BYTES } from '../../cms/src/import/docxPackage'
import { type ImportOutcome, importDocx } from '../../cms/src/import/importDocx'
import config from '../../cms/src/payload.config'
import { importArticleFiles } from './importer'

type Options = { section?: string; update?: boolean; feeds?: string[] }
const options: Options = JSON.parse(process.env.NEWSROOM_IMPORT_OPTIONS || '{}')
// `payload run` parses arguments with minimist, which turns a name like "2016" into a number.
const files = process.argv.slice(2).map(String)
if (files.length === 0 && !options.feeds?.length) {
  console.error('用法：npm run import -- 文件.docx [文件.txt …]（Usage: import FILE...）')
  process.exit(2)
}
if (options.section && !isSection(options.section)) {
  console.error(`栏目“${options.section}”不存在，可选 news、policy、park、notice。`)
  process.exit(2)
}
const section = options.section && isSection(options.section) ? options.section : undefined

const outcomes: ImportOutcome[] = []
let done = 0
const total = files.length
function report(outcome: ImportOutcome) {
  outcomes.push(outcome)
  done++
  const at = `[${done}/${total}]`
  if (outcome.status === 'failed') console.error(`${at} ✗ ${outcome.reason}`)
  else if (outcome.status === 'skipped')
    console.log(`${at} – ${outcome.file} → 《${outcome.title}》已导入过（ID ${outcome.id}），未重复创建`)
  else
    console.log(`${at} ✓ ${outcome.file} → 《${outcome.title}》已存为草稿（ID ${outcome.id}，链接名 ${outcome.slug}）`)
  for (const warning of outcome.warnings ?? []) console.log(`      注意：${warning}`)
}

async function readDocx(file: string): Promise<Buffer> {
  const info = await stat(file)
  if (!info.isFile()) throw new Error('不是文件')
  // Checked before reading: a 100 MB file is refused without holding it in memory.
  if (info.size > MAX_DOCX_BYTES) {
    throw new Error(
      `文件有 ${(info.size / 1024 / 1024).toFixed(1)} MB，超过 ${MAX_DOCX_BYTES / 1024 / 1024} MB 的上限（多为图片过大）。请在 Word 中“压缩图片”后再导入。`,
    )
  }
  return readFile(file)
}

const payload = await getPayload({ config })
let code = 0
try {
  const textFiles: string[] = []
  for (const file of files) {
    if (/\.(docx|docm|doc|dotx|wps)$/i.test(file)) {
      let data: Buffer
      try {
        data = await readDocx(file)
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在。' : (error as Error).message
        report({ file, status: 'failed', reason: `${file}：${reason}` })
        continue
      }
      report(await importDocx(payload, { data, name: file }, { section }))
    } else textFiles.push(file)
  }
  if (textFiles.length) {
    for (const r of await importArticleFiles(payload, textFiles)) {
      report({
        file: r.file,
        status: !r.ok ? 'failed' : r.skipped ? 'skipped' : 'imported',
        id: r.id,
        slug: r.slug,
        title: r.title,
        reason: r.error,
      })
    }
  }
  const count = (status: ImportOutcome['status']) => outcomes.filter((o) => o.status === status).length
  console.log(
    `导入完成：共 ${outcomes.length} 个，新建草稿 ${count('imported')} 篇，已导入过而跳过 ${count('skipped')} 个，失败 ${count('failed')} 个。草稿须在后台审核后才会发布。`,
  )
  for (const o of outcomes.filter((x) => x.status === 'failed')) console.error(`  失败：${o.reason}`)
  if (count('failed') > 0) code = 1
} catch (error) {
  code = 1
  console.error('导入中断（import aborted）：', error)
} finally {
  await payload.destroy()
}
process.exit(code)
