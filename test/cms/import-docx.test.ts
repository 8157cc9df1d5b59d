/**
 * `npm run import -- FILE.docx …` as staff run it: Word documents (built here
 * with the `docx` package, as Word and WPS write them) become drafts with
 * their headings, lists, table, footnote and pictures; the result is read back
 * through REST and the site's preview. Bad files get a Chinese reason naming
 * the file and leave nothing behind; a second import creates nothing.
 */
import { spawnSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../scripts/lib/local-settings.mjs'
import { adminToken, api, createStaff, requireStack } from '../support/api'
import { annualMeetingDocx, compoundFile, docxEntries, photo, plainDocx, richDocx, zipOf } from '../support/docx'

type Run = { code: number | null; output: string }
type Node = { type: string; children?: Node[]; [key: string]: unknown }

const RICH_TITLE = '联合会开展科技企业专题调研'
const ROLLBACK_TITLE = '第二张图片损坏的文档'
let token: string
let dir: string
let first: Run
let files: Record<string, string>
let annual: Awaited<ReturnType<typeof annualMeetingDocx>>

function runImport(...args: string[]): Run {
  const stack = requireStack()
  const result = spawnSync('npm', ['run', '--silent', 'import', '--', ...args], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: stack.databaseUrl,
      PAYLOAD_SECRET: stack.payloadSecret,
      DATA_DIR: stack.dataDir,
    },
    encoding: 'utf8',
    timeout: 240_000,
  })
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` }
}

async function drafts(title: string) {
  const { body } = await api('GET', '/articles', {
    token,
    query: { 'where[title][equals]': title, draft: 'true', depth: 1, limit: 10 },
  })
  return body.docs as Array<Record<string, any>>
}

const nodes = (content: { root: Node }) => {
  const out: Node[] = []
  const walk = (n: Node) => {
    out.push(n)
    for (const c of n.children ?? []) walk(c)
  }
  walk(content.root)
  return out
}
const text = (n: Node): string => (n.type === 'text' ? String(n.text) : (n.children ?? []).map(text).join(''))

beforeAll(async () => {
  token = await adminToken()
  dir = mkdtempSync(path.join(tmpdir(), 'newsroom-import-docx-'))
  const red = await photo({ r: 200, g: 40, b: 40 })
  const blue = await photo({ r: 40, g: 40, b: 200 })
  annual = await annualMeetingDocx()
  const rich = await richDocx({
    title: RICH_TITLE,
    date: '2016年5月8日',
    number: '沪普科〔2016〕12号',
    images: [red, blue],
  })
  const parts = docxEntries(rich)
  const withMacros = parts.map((e) =>
    e.name === '[Content_Types].xml'
      ? {
          ...e,
          data: Buffer.from(e.data.toString('utf8').replace('document.main+xml', 'document.macroEnabled.main+xml')),
        }
      : e,
  )
  const zeros = Buffer.alloc(20 * 1024 * 1024)
  const wanted: Record<string, Buffer> = {
    '调研报告.docx': rich,
    '年会.docx': annual.data,
    '旧版通知.doc': compoundFile('WordDocument'),
    '加密.docx': compoundFile('EncryptionInfo', 'EncryptedPackage'),
    '损坏.docx': rich.subarray(0, Math.floor(rich.length / 2)),
    '宏.docm': zipOf([...withMacros, { name: 'word/vbaProject.bin', data: Buffer.from('macro') }]),
    '炸弹.docx': zipOf([...parts, { name: 'word/media/bomb.png', data: zeros, declaredSize: 1000 }]),
    '条目过多.docx': zipOf([
      ...parts,
      ...Array.from({ length: 2001 }, (_, i) => ({ name: `x/${i}`, data: Buffer.alloc(1) })),
    ]),
    '图片太多.docx': zipOf([
      ...parts,
      ...[1, 2, 3, 4, 5].map((i) => ({ name: `word/media/big${i}.png`, data: zeros })),
    ]),
    '空文档.docx': await plainDocx([]),
    // The first picture is fine, the second is not a picture: the media saved for the first must go too.
    '回滚.docx': await richDocx({
      title: ROLLBACK_TITLE,
      images: [red, Buffer.concat([red.subarray(0, 64), Buffer.alloc(4096, 7)])],
    }),
  }
  files = {}
  for (const [name, data] of Object.entries(wanted)) {
    files[name] = path.join(dir, name)
    writeFileSync(files[name], data)
  }
  // 100 MB of pictures in a real file: refused from its size, before it is read (a sparse file costs no disk).
  files['百兆图片.docx'] = path.join(dir, '百兆图片.docx')
  writeFileSync(files['百兆图片.docx'], '')
  truncateSync(files['百兆图片.docx'], 100 * 1024 * 1024)

  first = runImport(...Object.values(files))
}, 300_000)

describe('Word import through npm run import', () => {
  it('prints a line per file and a summary, and fails the run when a file failed', () => {
    expect(first.code, first.output).toBe(1)
    expect(first.output).toContain(`[1/${Object.keys(files).length}]`)
    expect(first.output).toMatch(/导入完成：共 12 个，新建草稿 2 篇，已导入过而跳过 0 个，失败 10 个/)
  })

  it('keeps title, date, headings, formatting, the nested list, the table, the footnote and both pictures', async () => {
    const [doc, ...more] = await drafts(RICH_TITLE)
    expect(more).toHaveLength(0)
    expect(doc._status).toBe('draft')
    expect(doc.publishedAt.slice(0, 10)).toBe('2016-05-08')
    expect(doc.section).toBe('news')
    expect(doc.summary).toBe(
      '为贯彻落实科技创新政策，联合会组织重点企业开展专题调研，并形成报告。详见联合会网站；危险链接。',
    )
    const all = nodes(doc.content)
    const headings = all.filter((n) => n.type === 'heading').map((n) => [n.tag, text(n)])
    expect(headings).toEqual([
      ['h2', '一、调研安排'],
      ['h2', '二、调研数据'],
      ['h3', '三、下一步工作'],
      ['h2', '注释'],
    ])
    const formats = Object.fromEntries(all.filter((n) => n.type === 'text').map((n) => [n.text, n.format]))
    expect(formats).toMatchObject({ 重点企业: 1, 专题调研: 2, 形成报告: 8 })
    // The link to the federation stays; the javascript: one keeps its words only.
    const links = all.filter((n) => n.type === 'link').map((n) => (n.fields as { url: string }).url)
    expect(links).toEqual(['https://www.ptkjqy.org.cn/about'])
    expect(JSON.stringify(doc.content)).toContain('危险链接')
    expect(JSON.stringify(doc.content)).not.toContain('javascript')
    expect(all.every((n) => n.type !== 'text' || !n.style)).toBe(true)
    const nested = all
      .find((n) => n.type === 'list')
      ?.children?.some((li) => li.children?.some((c) => c.type === 'list'))
    expect(nested).toBe(true)
    const table = all.find((n) => n.type === 'table')
    expect(table?.children).toHaveLength(3)
    expect(all.find((n) => n.type === 'tablecell' && n.colSpan === 2)).toBeDefined()
    expect(text(table as Node)).toContain('桃浦智创城')
    const notes = all.filter((n) => n.type === 'list').at(-1) as Node
    expect(text(notes)).toContain('数据来源')

    const uploads = all.filter((n) => n.type === 'upload')
    expect(uploads).toHaveLength(2)
    const media = uploads.map((u) => u.value as Record<string, any>)
    expect(media.map((m) => m.alt)).toEqual(['座谈会现场', '图2 企业展示区'])
    expect(media[1].caption).toBe('图2 企业展示区')
    // The normal upload path: resized copies exist and the camera's EXIF is gone from the original.
    expect(media[0].sizes.w480webp.url).toBeTruthy()
    const original = await fetch(new URL(media[0].url, requireStack().cmsUrl))
    expect(original.status).toBe(200)
    const meta = await sharp(Buffer.from(await original.arrayBuffer())).metadata()
    expect(meta.exif).toBeUndefined()

    // The original .docx is kept for reviewers, and only for staff.
    const kept = doc.imported?.original
    expect(kept?.filename).toMatch(/\.docx$/)
    expect(kept?.internal).toBe(true)
    expect((await api('GET', `/documents/${kept.id}`)).status).not.toBe(200)
    expect((await fetch(new URL(kept.url, requireStack().cmsUrl))).status).not.toBe(200)
    expect((await api('GET', `/documents/${kept.id}`, { token })).status).toBe(200)
    // A draft: readers do not see it.
    expect((await api('GET', `/articles/${doc.id}`)).status).toBe(404)
  })

  it('shows the draft with its table and pictures on the site preview', async () => {
    const [doc] = await drafts(RICH_TITLE)
    const stack = requireStack()
    const secret = createHmac('sha256', stack.payloadSecret).update('newsroom preview links').digest('hex')
    const expires = Math.floor(Date.now() / 1000) + 600
    const signature = createHmac('sha256', secret)
      .update(`newsroom-preview:v1:articles:${doc.id}:${expires}`)
      .digest('base64url')
    const response = await fetch(new URL(`/preview?token=${doc.id}.${expires}.${signature}`, stack.siteUrl))
    const html = (await response.text()).replace(/<!-- -->/g, '')
    expect(response.status).toBe(200)
    expect(html).toContain(RICH_TITLE)
    expect(html).toMatch(/<table>.*桃浦智创城.*<\/table>/s)
    expect(html).toContain('colspan="2"')
    expect(html).toContain('alt="座谈会现场"')
    expect(html).toContain('<figcaption>图2 企业展示区</figcaption>')
    // Lexical keeps a nested list in an item of its own.
    expect(html).toMatch(/<ol><li>走访园区企业<\/li><li class="nested"><ol><li>智能制造企业/)
    expect(html).not.toContain('javascript:')
  })

  it('keeps the three parts of the annual meeting report', async () => {
    const [doc] = await drafts(annual.title)
    expect(doc.publishedAt.slice(0, 10)).toBe('2016-04-18')
    const all = nodes(doc.content)
    expect(all.filter((n) => n.type === 'heading').map(text)).toEqual(annual.sections)
    // Each part's words under its own heading, in order.
    const body = text(doc.content.root)
    const at = (s: string) => body.indexOf(s)
    expect(at(annual.sections[0])).toBeLessThan(at('春风送暖'))
    expect(at('春风送暖')).toBeLessThan(at(annual.sections[1]))
    expect(at(annual.sections[1])).toBeLessThan(at('江苏中关村科技产业园'))
    expect(at('江苏中关村科技产业园')).toBeLessThan(at(annual.sections[2]))
    expect(at(annual.sections[2])).toBeLessThan(at('圆满落幕'))
  })

  it.each([
    ['旧版通知.doc', '另存为'],
    ['加密.docx', '密码'],
    ['损坏.docx', '损坏'],
    ['宏.docm', '启用宏'],
    ['炸弹.docx', '压缩炸弹'],
    ['条目过多.docx', '2000 个的上限'],
    ['图片太多.docx', '图片过多或过大'],
    ['百兆图片.docx', '超过 20 MB'],
    ['空文档.docx', '空文档'],
    ['回滚.docx', '保存失败'],
  ])('refuses %s in Chinese, naming the file', (name, reason) => {
    const line = first.output.split('\n').find((l) => l.includes('✗') && l.includes(name))
    expect(line, first.output).toBeDefined()
    expect(line).toContain(reason)
  })

  it('leaves nothing behind when a file fails half-way', async () => {
    expect(await drafts(ROLLBACK_TITLE)).toHaveLength(0)
    const { body } = await api('GET', '/media', { token, query: { 'where[filename][like]': '回滚', limit: 5 } })
    expect(body.totalDocs).toBe(0)
    const docs = await api('GET', '/documents', { token, query: { 'where[title][equals]': '回滚.docx', limit: 5 } })
    expect(docs.body.totalDocs).toBe(0)
  })

  it('creates nothing when the same files are imported again', async () => {
    const { body: before } = await api('GET', '/media', { token, query: { limit: 1 } })
    const again = runImport(files['调研报告.docx'], files['年会.docx'])
    expect(again.code, again.output).toBe(0)
    expect(again.output).toMatch(/新建草稿 0 篇，已导入过而跳过 2 个，失败 0 个/)
    expect(await drafts(RICH_TITLE)).toHaveLength(1)
    const { body: after } = await api('GET', '/media', { token, query: { limit: 1 } })
    expect(after.totalDocs).toBe(before.totalDocs)
  })
})

describe('从 Word 导入 in the admin (POST /api/articles/import-docx)', () => {
  async function post(form: FormData, authToken?: string) {
    const response = await fetch(new URL('/api/articles/import-docx', requireStack().cmsUrl), {
      method: 'POST',
      headers: authToken ? { authorization: `JWT ${authToken}` } : {},
      body: form,
    })
    return { status: response.status, body: await response.json() }
  }
  const docxBlob = (data: Buffer) =>
    new Blob([new Uint8Array(data)], {
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    })

  it('gives an author one draft per file, in the chosen section and topic, and reasons for the rest', async () => {
    const author = await createStaff('author')
    const { body: topics } = await api('GET', '/topics', { query: { limit: 1 } })
    const topic = topics.docs[0].id as number
    const form = new FormData()
    form.append(
      'files',
      docxBlob(await richDocx({ title: '作者导入的政策解读', number: '沪普科〔2016〕12号' })),
      '政策.docx',
    )
    form.append('files', docxBlob(await plainDocx(['作者导入的第二篇', '第二篇的正文。'])), '第二篇.docx')
    form.append('files', new Blob([new Uint8Array(compoundFile('WordDocument'))]), '旧文件.doc')
    form.append('section', 'policy')
    form.append('topics', String(topic))
    const { status, body } = await post(form, author.token)
    expect(status, JSON.stringify(body)).toBe(200)
    const [policy, second, old] = body.results
    expect(policy).toMatchObject({ status: 'imported', title: '作者导入的政策解读' })
    expect(policy.adminUrl).toBe(`/admin/collections/articles/${policy.id}`)
    expect(second).toMatchObject({ status: 'imported', title: '作者导入的第二篇' })
    expect(old.status).toBe('failed')
    expect(old.reason).toContain('旧文件.doc')
    expect(old.reason).toContain('.docx')

    // The author can open and edit the draft; it is not published.
    const { status: readStatus, body: draft } = await api('GET', `/articles/${policy.id}`, {
      token: author.token,
      query: { draft: 'true', depth: 0 },
    })
    expect(readStatus).toBe(200)
    expect(draft).toMatchObject({ _status: 'draft', section: 'policy', topics: [topic] })
    expect(draft.policy.documentNumber).toBe('沪普科〔2016〕12号')
    const edit = await api('PATCH', `/articles/${policy.id}`, {
      token: author.token,
      query: { draft: 'true' },
      body: { title: '作者导入的政策解读（修改）' },
    })
    expect(edit.status).toBe(200)
  })

  it('refuses callers who are not logged in', async () => {
    const form = new FormData()
    form.append('files', docxBlob(await plainDocx(['匿名导入', '正文'])), 'a.docx')
    expect((await post(form)).status).toBe(401)
    expect(await drafts('匿名导入')).toHaveLength(0)
  })
})
