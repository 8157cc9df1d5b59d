/** Slugs as editors meet them: pinyin from Chinese titles, unique, editable, old ones remembered. */
import { beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff, lexical } from '../support/api'

let editor: string

beforeAll(async () => {
  editor = (await createStaff('editor')).token
})

async function publish(title: string, extra: Record<string, unknown> = {}) {
  const { status, body } = await api('POST', '/articles', {
    token: editor,
    body: { title, section: 'notice', content: lexical('正文'), _status: 'published', ...extra },
  })
  expect(status).toBe(201)
  return body.doc as { id: number; slug: string }
}

describe('slugs', () => {
  it('come from the pinyin of a Chinese title, word by word', async () => {
    const doc = await publish('关于开展知识产权服务月活动的通知')
    expect(doc.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    expect(doc.slug).toContain('zhishi')
    expect(doc.slug).toContain('tongzhi')
    expect(doc.slug.length).toBeLessThanOrEqual(60)
  })

  it('stay unique when titles collide', async () => {
    const first = await publish('园区合作洽谈会')
    const second = await publish('园区合作洽谈会')
    const third = await publish('园区合作洽谈会')
    expect(new Set([first.slug, second.slug, third.slug]).size).toBe(3)
    expect(second.slug).toBe(`${first.slug}-2`)
    expect(third.slug).toBe(`${first.slug}-3`)
  })

  it('accept an editor’s own slug, normalised', async () => {
    const doc = await publish('人才政策解读', { slug: 'Rencai Policy 2016' })
    expect(doc.slug).toBe('rencai-policy-2016')
  })

  it('remember the old slug when a published slug changes, so the old URL can redirect', async () => {
    const doc = await publish('金融服务进园区活动举行')
    const oldSlug = doc.slug
    const renamed = await api('PATCH', `/articles/${doc.id}`, {
      token: editor,
      body: { slug: 'jinrong-fuwu-jin-yuanqu' },
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body.doc.slug).toBe('jinrong-fuwu-jin-yuanqu')

    const redirect = await api('GET', '/redirects', { query: { 'where[from][equals]': oldSlug, depth: 1 } })
    expect(redirect.status).toBe(200)
    expect(redirect.body.totalDocs).toBe(1)
    expect(redirect.body.docs[0].article.slug).toBe('jinrong-fuwu-jin-yuanqu')

    // Renaming again keeps the first old slug pointing at the article, not at a dead slug.
    await api('PATCH', `/articles/${doc.id}`, { token: editor, body: { slug: 'jinrong-fuwu-2016' } })
    const chain = await api('GET', '/redirects', { query: { 'where[article][equals]': doc.id, depth: 1, limit: 10 } })
    expect(chain.body.docs.map((r: { from: string }) => r.from).sort()).toEqual(
      [oldSlug, 'jinrong-fuwu-jin-yuanqu'].sort(),
    )
    expect(chain.body.docs.every((r: { article: { slug: string } }) => r.article.slug === 'jinrong-fuwu-2016')).toBe(
      true,
    )
  })

  it('a slug that is not URL-safe is normalised, never stored raw', async () => {
    const doc = await publish('<script>alert(1)</script> 科技 政策')
    expect(doc.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })
})
