/** The importer's parsing rules, without a database: what staff files look like in practice. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  dateToPublishedAt,
  ImportError,
  MAX_FILE_BYTES,
  parseArticleFile,
  readArticleFile,
  summarise,
} from './importer'

// A copy of ../shared/seeds/000_b02e72360d5dcfb6.txt (the federation's 2016 report), kept in the repo
// so the tests do not depend on where the repository is checked out.
const SEED_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/annual-meeting-2016.txt')

function refusal(text: string, name = 'a.txt'): ImportError {
  try {
    parseArticleFile(text, name)
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError)
    return error as ImportError
  }
  throw new Error('expected an ImportError')
}

describe('parseArticleFile', () => {
  it('reads the federation’s 2016 annual meeting report', () => {
    const article = parseArticleFile(readFileSync(SEED_FILE, 'utf8'), '000.txt')
    expect(article.title).toBe('普陀区科技企业联合会举办2016年年会')
    expect(article.date).toBe('2016-04-18')
    // The nbsp-only line is a separator, not a paragraph; the indented last line is trimmed.
    expect(article.paragraphs).toHaveLength(15)
    expect(article.paragraphs.every((p) => p.trim() === p && p.length > 0)).toBe(true)
    expect(article.paragraphs.at(-1)).toBe('至此,2016年普陀区科技企业联合会年会圆满落幕。')
    expect(article.paragraphs.join('')).toContain('江苏中关村科技产业园')
  })

  it('accepts a full-width colon, spaces, CRLF, a BOM and nbsp/ideographic-space blank lines', () => {
    const text =
      '\uFEFF\r\n  标题一  \r\n\u00a0\r\n 日期 ： 2016-5-8 \r\n\u3000\r\n第一段\r\n续行\r\n \u00a0 \r\n第二段'
    expect(parseArticleFile(text, 'a.txt')).toEqual({
      title: '标题一',
      date: '2016-05-08',
      paragraphs: ['第一段续行', '第二段'],
    })
  })

  it('joins wrapped Latin lines with a space but Chinese lines without', () => {
    const text = '标题\n日期:2016-04-18\n\nPayload CMS\nand Remix\n联合会\n平台'
    expect(parseArticleFile(text, 'a.txt').paragraphs).toEqual(['Payload CMS and Remix联合会平台'])
  })

  it('strips Markdown title markers and simple inline syntax in .md files only', () => {
    const md =
      '# 知识产权服务进企业活动\n\n日期：2016-06-08\n\n## 活动概况\n服务团走进**园区企业**，详见[通知](https://example.org)。\n\n> 企业代表踊跃提问。\n'
    expect(parseArticleFile(md, 'good.md')).toEqual({
      title: '知识产权服务进企业活动',
      date: '2016-06-08',
      paragraphs: ['活动概况', '服务团走进园区企业，详见通知。', '企业代表踊跃提问。'],
    })
    expect(parseArticleFile('# 井号标题\n日期:2016-06-08\n\n正文', 'a.txt').title).toBe('# 井号标题')
  })

  it.each([
    ['empty', '', 'empty', undefined],
    ['blank only', ' \n\u00a0\n\u3000\n', 'empty', undefined],
    ['no date', '没有日期的文章\n\n第一段。', 'missing_date', 3],
    ['date not after title', '标题\n第一段\n日期:2016-04-18\n', 'missing_date', 2],
    ['month 13', '日期错误的文章\n\n日期:2016-13-45\n\n第一段。', 'invalid_date', 3],
    ['30 February', '标题\n日期:2016-02-30\n\n正文', 'invalid_date', 2],
    ['garbage date', '标题\n日期：下周一\n\n正文', 'invalid_date', 2],
    ['no body', '只有标题的文章\n\n日期:2016-05-01\n', 'missing_body', 3],
    ['date first', '日期:2016-05-01\n\n正文', 'missing_title', 1],
    ['NUL byte', '二进制\u0000文件\n日期:2016-05-01\n\n正文', 'binary', 1],
    ['long title', `${'长'.repeat(201)}\n日期:2016-05-01\n\n正文`, 'title_too_long', 1],
  ])('refuses %s with a precise, bilingual error', (_label, text, code, line) => {
    const error = refusal(text, 'bad.txt')
    expect(error.code).toBe(code)
    expect(error.line).toBe(line)
    expect(error.message).toContain('bad.txt')
    expect(error.message).toMatch(/[\u4e00-\u9fff]/)
    expect(error.en).toMatch(/[a-z]/)
  })

  it('accepts a 200-character title and a leap day', () => {
    const article = parseArticleFile(`${'长'.repeat(200)}\n日期:2016-02-29\n\n正文`, 'a.txt')
    expect(article.date).toBe('2016-02-29')
  })
})

describe('readArticleFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'content-seed-import-'))

  it('refuses GBK bytes, oversized and missing files', async () => {
    const gbk = path.join(dir, 'gbk.txt')
    writeFileSync(gbk, Buffer.from([0xb9, 0xfa, 0xbc, 0xd2, 0x0a]))
    await expect(readArticleFile(gbk)).rejects.toMatchObject({ code: 'not_utf8', file: gbk })

    const big = path.join(dir, 'big.txt')
    writeFileSync(big, `标题\n日期:2016-04-18\n\n${'字'.repeat(MAX_FILE_BYTES / 3 + 1)}`)
    await expect(readArticleFile(big)).rejects.toMatchObject({ code: 'too_large' })

    await expect(readArticleFile(path.join(dir, 'missing.txt'))).rejects.toMatchObject({ code: 'unreadable' })
  })

  it('names the file as given in errors from parsing', async () => {
    const file = path.join(dir, 'no-date.txt')
    writeFileSync(file, '没有日期的文章\n\n第一段。')
    await expect(readArticleFile(file)).rejects.toMatchObject({ code: 'missing_date', file, line: 3 })
  })
})

describe('summarise and dates', () => {
  it('keeps short paragraphs whole and cuts long ones near a sentence end', () => {
    expect(summarise('短段落。')).toBe('短段落。')
    const long = `${'甲'.repeat(90)}。${'乙'.repeat(100)}`
    expect(summarise(long)).toBe(`${'甲'.repeat(90)}。`)
    const noStop = '丙'.repeat(300)
    expect(summarise(noStop)).toBe(`${'丙'.repeat(120)}…`)
  })

  it('publishes on the same calendar day in Shanghai and in UTC', () => {
    expect(dateToPublishedAt('2016-04-18')).toBe('2016-04-18T01:00:00.000Z')
  })
})
