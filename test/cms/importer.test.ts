/**
 * `npm run import -- FILE...` as staff run it: the federation's own report
 * becomes a draft; broken files get a clear error and import nothing.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../scripts/lib/local-settings.mjs'
import { adminToken, api, requireStack } from '../support/api'

// A copy of ../shared/seeds/000_b02e72360d5dcfb6.txt, the federation's 2016 annual meeting report.
const SEED_FILE = path.resolve(REPO_ROOT, 'content-seed/fixtures/annual-meeting-2016.txt')
let token: string
let dir: string

function runImport(...files: string[]) {
  const stack = requireStack()
  const result = spawnSync('npm', ['run', '--silent', 'import', '--', ...files], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: stack.databaseUrl,
      PAYLOAD_SECRET: stack.payloadSecret,
      DATA_DIR: stack.dataDir,
    },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` }
}

async function findByTitle(title: string) {
  const { body } = await api('GET', '/articles', {
    token,
    query: { 'where[title][equals]': title, draft: 'true', depth: 0, limit: 10 },
  })
  return body.docs as Array<{ id: number; _status: string; publishedAt: string; slug: string; content: unknown }>
}

beforeAll(async () => {
  token = await adminToken()
  dir = mkdtempSync(path.join(tmpdir(), 'newsroom-import-'))
})

describe('importer', () => {
  it('imports the 2016 annual meeting report as a draft with its date', async () => {
    const { code, output } = runImport(SEED_FILE)
    expect(code, output).toBe(0)
    expect(output).toContain('普陀区科技企业联合会举办2016年年会')
    const docs = await findByTitle('普陀区科技企业联合会举办2016年年会')
    const imported = docs.find((d) => d._status === 'draft')
    expect(imported).toBeDefined()
    expect(imported?.publishedAt?.slice(0, 10)).toBe('2016-04-18')
    expect(JSON.stringify(imported?.content)).toContain('江苏中关村科技产业园')
    // A draft: the public does not see it.
    expect((await api('GET', `/articles/${imported?.id}`)).status).toBe(404)
  })

  it.each([
    ['empty.txt', ''],
    ['no-date.txt', '没有日期的文章\n\n第一段。'],
    ['bad-date.txt', '日期错误的文章\n\n日期:2016-13-45\n\n第一段。'],
    ['no-body.txt', '只有标题的文章\n\n日期:2016-05-01\n'],
    ['binary.txt', '含二进制内容的文件\n日期:2016-05-01\n\n正\u0000文'],
  ])('refuses %s with a clear error and imports nothing', async (name, text) => {
    const file = path.join(dir, name)
    writeFileSync(file, text)
    const { code, output } = runImport(file)
    expect(code, output).not.toBe(0)
    expect(output).toContain(name)
    const title = text.split('\n')[0]
    if (title) expect(await findByTitle(title)).toHaveLength(0)
  })

  it('imports the good files of a batch and reports the bad one', async () => {
    const good = path.join(dir, 'good.md')
    const bad = path.join(dir, 'bad.md')
    writeFileSync(
      good,
      '# 知识产权服务进企业活动\n\n日期：2016-06-08\n\n知识产权服务团走进园区企业。\n\n企业代表踊跃提问。\n',
    )
    writeFileSync(bad, '# 缺少日期\n\n正文。\n')
    const { code, output } = runImport(good, bad)
    expect(code, output).toBe(1)
    expect(output).toContain('bad.md')
    const docs = await findByTitle('知识产权服务进企业活动')
    expect(docs).toHaveLength(1)
    expect(docs[0].publishedAt.slice(0, 10)).toBe('2016-06-08')
  })
})
