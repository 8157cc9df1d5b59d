/**
 * Imports articles that staff wrote outside the CMS (plain text or simple
 * Markdown) as drafts in the 新闻动态 section, for an editor to review and
 * publish. File layout:
 *
 *   普陀区科技企业联合会举办2016年年会        ← first non-empty line: title ("# " stripped in .md)
 *   日期:2016-04-18                          ← next non-empty line: date (":" or "：")
 *   第一段……                                  ← paragraphs, separated by blank lines
 *
 * Policy for a batch: every file is read and checked before anything is
 * written. A bad file gets a precise error (file, line, Chinese and English)
 * and is not imported; the good files are imported; the CLI then exits
 * non-zero so scripts notice. One typo should not block a whole batch, and
 * nothing is ever half-imported.
 */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Payload } from 'payload'
import { paragraphs as lexicalParagraphs } from './lexical'

export const MAX_FILE_BYTES = 2 * 1024 * 1024
const MAX_TITLE_LENGTH = 200
const SUMMARY_LENGTH = 120

export type ParsedArticle = { title: string; date: string; paragraphs: string[] }

export type ImportErrorCode =
  | 'unreadable'
  | 'too_large'
  | 'not_utf8'
  | 'binary'
  | 'empty'
  | 'missing_title'
  | 'title_too_long'
  | 'missing_date'
  | 'invalid_date'
  | 'missing_body'

/** A refusal that names the file and, where it helps, the line — in Chinese for staff, English for logs. */
export class ImportError extends Error {
  readonly file: string
  readonly line?: number
  readonly code: ImportErrorCode
  readonly zh: string
  readonly en: string

  constructor(code: ImportErrorCode, file: string, line: number | undefined, zh: string, en: string) {
    const where = line ? `${file} 第 ${line} 行` : file
    const whereEn = line ? `${file} line ${line}` : file
    super(`${where}：${zh}（${whereEn}: ${en}）`)
    this.name = 'ImportError'
    this.code = code
    this.file = file
    this.line = line
    this.zh = zh
    this.en = en
  }
}

// `\s` covers U+00A0 (nbsp), U+3000 (ideographic space) and U+FEFF; zero-width characters are added by hand
// (as an alternation: biome rightly warns that a class with U+200D is easy to misread).
const INVISIBLE = String.raw`(?:\s|\u200b|\u200c|\u200d|\u2060)`
const BLANK = new RegExp(`^${INVISIBLE}*$`)
const EDGE_SPACE = new RegExp(`^${INVISIBLE}+|${INVISIBLE}+$`, 'g')
const DATE_LINE = /^日期\s*[:：]\s*(.*)$/
const DATE_VALUE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/

const isMarkdown = (fileName: string) => /\.(md|markdown)$/i.test(fileName)
const clean = (line: string) => line.replace(EDGE_SPACE, '')

/** Returns 'YYYY-MM-DD' for a real calendar date, or null ("2016-02-30" is not one). */
function normaliseDate(value: string): string | null {
  const m = DATE_VALUE.exec(value.normalize('NFKC').trim())
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (y < 1900 || y > 2100) return null
  const probe = new Date(Date.UTC(y, mo - 1, d))
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Simple Markdown inline syntax becomes plain text: **bold**, __bold__, `code`, [text](url). */
function stripInlineMarkdown(s: string): string {
  return s
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/__(.+?)__/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
}

/**
 * Lines of one paragraph are joined without a space (Chinese has none), except
 * between two Latin letters or digits, where the line break stood for a space.
 */
function joinLines(lines: string[]): string {
  return lines.reduce((acc, line) => {
    if (!acc) return line
    return /[A-Za-z0-9,.;:!?]$/.test(acc) && /^[A-Za-z0-9]/.test(line) ? `${acc} ${line}` : acc + line
  }, '')
}

/**
 * Parses one file's text. Pure: no I/O, so it is cheap to test; the byte-level
 * checks (size, UTF-8) that need the raw file are in readArticleFile.
 */
export function parseArticleFile(text: string, fileName: string): ParsedArticle {
  if (Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
    throw new ImportError(
      'too_large',
      fileName,
      undefined,
      '文件超过 2 MB，请拆分后再导入。',
      'file is larger than 2 MB',
    )
  }
  const nul = text.indexOf('\u0000')
  if (nul >= 0) {
    const line = text.slice(0, nul).split(/\r\n|\r|\n/).length
    throw new ImportError(
      'binary',
      fileName,
      line,
      '文件含有空字符（NUL），不是纯文本文件。请另存为 UTF-8 纯文本（.txt）或 Markdown（.md）。',
      'file contains NUL bytes; it is not a plain-text file',
    )
  }

  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  const markdown = isMarkdown(fileName)
  let i = 0
  const skipBlank = () => {
    while (i < lines.length && BLANK.test(lines[i])) i++
  }

  skipBlank()
  if (i >= lines.length) {
    throw new ImportError('empty', fileName, undefined, '文件是空的。', 'file is empty')
  }
  const titleLine = i + 1
  let title = clean(lines[i])
  if (markdown) title = stripInlineMarkdown(title.replace(/^#{1,6}\s+/, '').replace(/\s+#+$/, '')).trim()
  if (!title || DATE_LINE.test(title)) {
    throw new ImportError(
      'missing_title',
      fileName,
      titleLine,
      '缺少标题：第一行非空文字应当是文章标题。',
      'missing title: the first non-empty line must be the title',
    )
  }
  if ([...title].length > MAX_TITLE_LENGTH) {
    throw new ImportError(
      'title_too_long',
      fileName,
      titleLine,
      `标题有 ${[...title].length} 个字，超过 ${MAX_TITLE_LENGTH} 字的上限。`,
      `title is ${[...title].length} characters, more than ${MAX_TITLE_LENGTH}`,
    )
  }
  i++

  skipBlank()
  const dateLineNo = Math.min(i + 1, lines.length)
  const dateMatch = i < lines.length ? DATE_LINE.exec(clean(lines[i])) : null
  if (!dateMatch) {
    throw new ImportError(
      'missing_date',
      fileName,
      dateLineNo,
      '缺少日期：标题之后应是一行“日期:YYYY-MM-DD”，例如“日期:2016-04-18”。',
      'missing date: the line after the title must read "日期:YYYY-MM-DD"',
    )
  }
  const date = normaliseDate(dateMatch[1])
  if (!date) {
    throw new ImportError(
      'invalid_date',
      fileName,
      dateLineNo,
      `日期“${dateMatch[1].trim()}”无效，应为真实存在的日期，格式 YYYY-MM-DD，例如 2016-04-18。`,
      `invalid date "${dateMatch[1].trim()}"; expected a real date as YYYY-MM-DD`,
    )
  }
  i++

  const paragraphs: string[] = []
  let current: string[] = []
  const flush = () => {
    if (current.length) paragraphs.push(joinLines(current))
    current = []
  }
  for (; i < lines.length; i++) {
    if (BLANK.test(lines[i])) {
      flush()
      continue
    }
    let line = clean(lines[i])
    if (markdown) {
      // A Markdown heading stands alone even without blank lines around it.
      const headingText = /^#{1,6}\s+(.*?)\s*#*$/.exec(line)
      if (headingText) {
        flush()
        if (headingText[1]) paragraphs.push(stripInlineMarkdown(headingText[1]))
        continue
      }
      line = stripInlineMarkdown(line.replace(/^>\s?/, ''))
      if (!line.trim()) continue
    }
    current.push(line)
  }
  flush()

  if (paragraphs.length === 0) {
    throw new ImportError(
      'missing_body',
      fileName,
      dateLineNo,
      '缺少正文：日期行之后至少要有一段文字。',
      'missing body: at least one paragraph must follow the date line',
    )
  }
  return { title, date, paragraphs }
}

/** Reads a file with the byte-level checks a string cannot make: size first (cheap), then strict UTF-8. */
export async function readArticleFile(file: string): Promise<ParsedArticle> {
  const name = path.basename(file)
  let bytes: Buffer
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new Error('not a regular file')
    if (info.size > MAX_FILE_BYTES) {
      throw new ImportError('too_large', file, undefined, '文件超过 2 MB，请拆分后再导入。', 'file is larger than 2 MB')
    }
    bytes = await readFile(file)
  } catch (error) {
    if (error instanceof ImportError) throw error
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : '无法读取文件'
    throw new ImportError('unreadable', file, undefined, `${reason}。`, `cannot read file: ${(error as Error).message}`)
  }
  if (bytes.includes(0)) {
    const line = bytes.subarray(0, bytes.indexOf(0)).toString('latin1').split('\n').length
    throw new ImportError(
      'binary',
      file,
      line,
      '文件含有空字符（NUL），不是纯文本文件。请另存为 UTF-8 纯文本（.txt）或 Markdown（.md）。',
      'file contains NUL bytes; it is not a plain-text file',
    )
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ImportError(
      'not_utf8',
      file,
      undefined,
      '文件不是 UTF-8 编码（可能是 GBK）。请在编辑器中“另存为”UTF-8 编码后再导入。',
      'file is not valid UTF-8 (GBK?); re-save it as UTF-8',
    )
  }
  try {
    return parseArticleFile(text, name)
  } catch (error) {
    // Report the path as given on the command line, not just the base name.
    if (error instanceof ImportError) throw new ImportError(error.code, file, error.line, error.zh, error.en)
    throw error
  }
}

/** The first ~120 characters of the first paragraph, cut after a sentence end when one is near. */
export function summarise(paragraph: string, max = SUMMARY_LENGTH): string {
  const chars = [...paragraph]
  if (chars.length <= max) return paragraph
  const head = chars.slice(0, max).join('')
  const end = Math.max(head.lastIndexOf('。'), head.lastIndexOf('！'), head.lastIndexOf('？'), head.lastIndexOf('；'))
  return end >= max * 0.6 ? head.slice(0, end + 1) : `${head}…`
}

/** 09:00 in Shanghai on the given day: the same calendar date in UTC and local time. */
export const dateToPublishedAt = (date: string) => new Date(`${date}T09:00:00+08:00`).toISOString()

export type ImportReport = {
  file: string
  ok: boolean
  id?: number
  slug?: string
  title?: string
  /** true when an article with the same title and date already existed: nothing was created. */
  skipped?: boolean
  error?: string
}

/**
 * Imports the files as drafts. Atomicity per file comes from validating fully
 * first and then writing with one `payload.create`: Payload runs each create
 * (article row, version row, relationship rows, hooks) in its own database
 * transaction, so a failure leaves nothing behind. An explicit outer
 * transaction would add nothing but a way to forget a rollback.
 *
 * Re-importing the same file does not make a second draft: an article with the
 * same title on the same date counts as already imported.
 */
export async function importArticleFiles(payload: Payload, files: string[]): Promise<ImportReport[]> {
  const parsed = await Promise.all(
    files.map(async (file) => {
      try {
        return { file, article: await readArticleFile(file) }
      } catch (error) {
        return { file, error: error instanceof ImportError ? error.message : `${file}：${(error as Error).message}` }
      }
    }),
  )

  const reports: ImportReport[] = []
  for (const entry of parsed) {
    if (!entry.article) {
      reports.push({ file: entry.file, ok: false, error: entry.error })
      continue
    }
    const { title, date, paragraphs } = entry.article
    const publishedAt = dateToPublishedAt(date)
    try {
      const dayStart = new Date(`${date}T00:00:00+08:00`).toISOString()
      const dayEnd = new Date(`${date}T23:59:59.999+08:00`).toISOString()
      const existing = await payload.find({
        collection: 'articles',
        draft: true,
        overrideAccess: true,
        depth: 0,
        limit: 1,
        where: {
          and: [
            { title: { equals: title } },
            { publishedAt: { greater_than_equal: dayStart } },
            { publishedAt: { less_than_equal: dayEnd } },
          ],
        },
      })
      const found = existing.docs[0]
      if (found) {
        reports.push({ file: entry.file, ok: true, skipped: true, id: found.id, slug: found.slug ?? undefined, title })
        continue
      }
      const doc = await payload.create({
        collection: 'articles',
        draft: true,
        overrideAccess: true,
        // An import is not a publication: no cache purge, no subscriber mail.
        context: { disableRevalidate: true, disableNotifications: true },
        data: {
          title,
          section: 'news',
          _status: 'draft',
          publishedAt,
          summary: summarise(paragraphs[0]),
          content: lexicalParagraphs(paragraphs),
        },
      })
      reports.push({ file: entry.file, ok: true, id: doc.id, slug: doc.slug ?? undefined, title })
    } catch (error) {
      reports.push({
        file: entry.file,
        ok: false,
        title,
        error: `${entry.file}：保存失败（save failed）：${(error as Error).message}`,
      })
    }
  }
  return reports
}
