/**
 * Chinese full-text search as readers and programs meet it: the CMS endpoint
 * (GET /api/search) and the site's /search page, on the seeded content.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff, lexical, requireStack } from '../support/api'

type Hit = {
  id: number
  title: string
  slug: string
  section: string
  publishedAt: string
  snippetHtml: string
  titleHtml: string
}
type Results = { docs: Hit[]; totalDocs: number; totalPages: number; page: number; terms: string[]; tookMs: number }

let editor: string
type CmsError = { errors: { message: string }[]; code: string }
const search = (q: string, query: Record<string, string | number> = {}) =>
  api<Results & Partial<CmsError>>('GET', '/search', { query: { q, ...query } })
const site = (path: string, init?: RequestInit) =>
  fetch(new URL(path, requireStack().siteUrl), { redirect: 'manual', ...init })

/** Text of a Lexical document, as the reader sees it. */
function plainText(node: unknown): string {
  if (!node || typeof node !== 'object') return ''
  const { text, children, root } = node as { text?: unknown; children?: unknown; root?: unknown }
  if (root) return plainText(root)
  return (typeof text === 'string' ? text : '') + (Array.isArray(children) ? children.map(plainText).join('\n') : '')
}

async function ids(q: string, query: Record<string, string | number> = {}) {
  const { status, body } = await search(q, { limit: 50, ...query })
  expect(status, `search ${q}`).toBe(200)
  return body.docs.map((d) => d.id)
}

beforeAll(async () => {
  editor = (await createStaff('editor')).token
})

describe('finds Chinese words wherever they stand', () => {
  it.each(['知识产权', '中关村', '院士专家工作站', '助学帮困'])('%s (from inside article bodies)', async (word) => {
    const { status, body } = await search(word, { limit: 50 })
    expect(status).toBe(200)
    expect(body.totalDocs).toBeGreaterThan(0)
    for (const hit of body.docs) expect(`${hit.titleHtml}${hit.snippetHtml}`).toContain(`<mark>`)
    expect(
      body.docs.some(
        (hit) => hit.snippetHtml.includes(`<mark>${word}</mark>`) || hit.titleHtml.includes(`<mark>${word}</mark>`),
      ),
    ).toBe(true)
  })

  it('finds every published article by words cut from the middle of its body', async () => {
    const { body } = await api('GET', '/articles', {
      query: {
        'where[_status][equals]': 'published',
        limit: 100,
        depth: 0,
        'select[content]': 'true',
        'select[title]': 'true',
      },
    })
    let checked = 0
    for (const article of body.docs as { id: number; content: unknown }[]) {
      const runs = plainText(article.content).match(/\p{Script=Han}{6,}/gu) ?? []
      // Other suites publish one-line articles; the seeded ones all have real bodies.
      if (runs.length === 0) continue
      checked++
      // Deterministic picks: a 2-, 3- and 4-character piece from the middle of three different runs.
      for (const [i, length] of [2, 3, 4].entries()) {
        const run = Array.from(runs[(i * 7) % runs.length])
        const start = Math.floor((run.length - length) / 2)
        const word = run.slice(start, start + length).join('')
        expect(await ids(word), `“${word}” finds article ${article.id}`).toContain(article.id)
      }
    }
    expect(checked).toBeGreaterThan(10)
  })

  it('ranks title matches first', async () => {
    const { body } = await search('知识产权')
    expect(body.docs[0].title).toContain('知识产权')
  })

  it('needs every word of a multi-word query (AND), and filters by section', async () => {
    const both = await ids('中关村 北京')
    const one = await ids('中关村')
    expect(both.length).toBeGreaterThan(0)
    expect(both.every((id) => one.includes(id))).toBe(true)
    const { body } = await search('科技', { section: 'policy', limit: 50 })
    expect(body.docs.length).toBeGreaterThan(0)
    expect(body.docs.every((d) => d.section === 'policy')).toBe(true)
  })

  it('pages', async () => {
    const first = await search('科技', { limit: 2 })
    const second = await search('科技', { limit: 2, page: 2 })
    expect(first.body.totalPages).toBeGreaterThan(1)
    expect(second.body.page).toBe(2)
    expect(second.body.docs.map((d) => d.id)).not.toEqual(first.body.docs.map((d) => d.id))
  })
})

describe('stays in step with publishing', () => {
  it('never shows drafts; shows a publish at once; keeps the live text while a new draft is saved; forgets unpublished and deleted articles', async () => {
    const created = await api('POST', '/articles', {
      token: editor,
      body: {
        title: '搜索同步测试：琥珀蜂巢计划',
        section: 'news',
        content: lexical('正文提到翡翠穹顶项目。'),
        _status: 'draft',
      },
    })
    expect(created.status).toBe(201)
    const id = created.body.doc.id as number
    expect(await ids('琥珀蜂巢')).not.toContain(id)
    expect(await ids('翡翠穹顶')).not.toContain(id)

    await api('PATCH', `/articles/${id}`, { token: editor, body: { _status: 'published' } })
    expect(await ids('琥珀蜂巢')).toContain(id)
    expect(await ids('翡翠穹顶')).toContain(id)

    // A draft saved over the live article: readers still see (and find) the published text only.
    const draft = await api('PATCH', `/articles/${id}`, {
      token: editor,
      query: { draft: 'true' },
      body: { content: lexical('草稿改成了珊瑚灯塔。'), _status: 'draft' },
    })
    expect(draft.status).toBe(200)
    expect(await ids('翡翠穹顶')).toContain(id)
    expect(await ids('珊瑚灯塔')).not.toContain(id)

    // A correction goes live: the new text is found, the old one not.
    await api('PATCH', `/articles/${id}`, {
      token: editor,
      body: { content: lexical('更正为珊瑚灯塔。'), _status: 'published' },
    })
    expect(await ids('珊瑚灯塔')).toContain(id)
    expect(await ids('翡翠穹顶')).not.toContain(id)

    await api('PATCH', `/articles/${id}`, { token: editor, body: { _status: 'draft' } })
    expect(await ids('琥珀蜂巢')).not.toContain(id)

    await api('PATCH', `/articles/${id}`, { token: editor, body: { _status: 'published' } })
    expect(await ids('琥珀蜂巢')).toContain(id)
    expect((await api('DELETE', `/articles/${id}`, { token: editor })).status).toBe(200)
    expect(await ids('琥珀蜂巢')).not.toContain(id)
  })
})

describe('absurd queries', () => {
  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['punctuation only', '！？。，、……——'],
    ['5000 characters', 'x'.repeat(5000)],
    ['1000 Chinese characters', '知'.repeat(1000)],
    ['NUL bytes', '\u0000\u0000中关村\u0000'],
    ['SQL', "'; DROP TABLE articles; --"],
    ['tsquery syntax', "知识 & | ! <-> :* ( ) ' \\"],
    ['emoji', '🔥💥'],
  ])('%s → a clear 400 or an empty result, never a 500', async (_label, q) => {
    const { status, body } = await search(q)
    expect([200, 400]).toContain(status)
    if (status === 400) expect(body.errors?.[0].message).toMatch(/\p{Script=Han}/u)
  })
  it('rejects bad paging and sections precisely', async () => {
    expect((await search('科技', { page: 0 })).status).toBe(400)
    expect((await search('科技', { page: 'abc' })).status).toBe(400)
    expect((await search('科技', { section: 'sports' })).status).toBe(400)
  })
})

describe('the /search page', () => {
  it('shows ranked, highlighted results that work without JavaScript', async () => {
    const response = await site(`/search?q=${encodeURIComponent('中关村')}`)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('<mark>中关村</mark>')
    expect(html).toMatch(/<form[^>]*action="\/search"[^>]*method="get"|<form[^>]*method="get"[^>]*action="\/search"/)
    expect(html).toMatch(/href="\/articles\/[a-z0-9-]+"/)
    expect(html).toMatch(/<meta name="robots" content="noindex/)
  })
  it('offers help for an empty search', async () => {
    const response = await site('/search')
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('搜索小贴士')
  })
  it.each(['！！！', 'x'.repeat(5000), '知'.repeat(1000), '\u0000'])(
    'answers an absurd query with a helpful page, not a 500',
    async (q) => {
      const response = await site(`/search?q=${encodeURIComponent(q)}`)
      expect(response.status).toBe(400)
      const html = await response.text()
      expect(html).toContain('搜索小贴士')
      expect(html).toMatch(/role="alert"/)
    },
  )
  it('says so when nothing matches', async () => {
    const response = await site(`/search?q=${encodeURIComponent('没有这种词语嘛')}`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('没有找到')
  })
  it('gives 404 for a malformed page number', async () => {
    expect((await site('/search?q=x&page=abc')).status).toBe(404)
  })
  it('escapes whatever an editor put in a title', async () => {
    const created = await api('POST', '/articles', {
      token: editor,
      body: {
        title: '<img src=x onerror=alert(1)>蓝鲸实验室招募',
        section: 'news',
        content: lexical('<script>alert(2)</script>蓝鲸实验室'),
        _status: 'published',
      },
    })
    expect(created.status).toBe(201)
    const html = await (await site(`/search?q=${encodeURIComponent('蓝鲸实验室')}`)).text()
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('<img src=x')
    expect(html).not.toContain('<script>alert(2)')
  })
})

describe('latency on the seeded data', () => {
  it('reports the database time of typical queries', async () => {
    const times: number[] = []
    for (const q of ['知识产权', '中关村', '科技 企业', '院士专家工作站', '会员'])
      times.push((await search(q)).body.tookMs)
    console.log(`[search] CMS endpoint tookMs: ${times.join(', ')}`)
    expect(times.every((t) => typeof t === 'number')).toBe(true)
  })
})
