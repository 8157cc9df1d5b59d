/**
 * The access matrix through REST, as staff and the public meet it:
 * anonymous / author / editor / admin × read draft, read published, create,
 * publish, edit and delete live work, subscribers, users, settings.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { adminToken, api, createStaff, lexical } from '../support/api'

type Actor = 'anonymous' | 'author' | 'editor' | 'admin'
const tokens: Record<Actor, string | undefined> = { anonymous: undefined, author: '', editor: '', admin: '' }
let publishedId: number
let draftId: number

const denied = (status: number) => [401, 403, 404].includes(status)

async function newArticle(actor: Actor, status: 'draft' | 'published', title: string) {
  return api('POST', '/articles', {
    token: tokens[actor],
    body: { title, section: 'news', summary: '权限测试', content: lexical('权限测试正文。'), _status: status },
  })
}

beforeAll(async () => {
  tokens.admin = await adminToken()
  tokens.editor = (await createStaff('editor')).token
  tokens.author = (await createStaff('author')).token
  const published = await newArticle('editor', 'published', '权限矩阵：已发布文章')
  const draft = await newArticle('author', 'draft', '权限矩阵：作者草稿')
  expect(published.status).toBe(201)
  expect(draft.status).toBe(201)
  publishedId = published.body.doc.id
  draftId = draft.body.doc.id
})

describe('articles', () => {
  it.each(['anonymous', 'author', 'editor', 'admin'] as Actor[])('%s reads a published article', async (actor) => {
    const { status, body } = await api('GET', `/articles/${publishedId}`, { token: tokens[actor] })
    expect(status).toBe(200)
    expect(body.title).toBe('权限矩阵：已发布文章')
  })

  it('anonymous never sees a draft, by id, in lists or with ?draft=true', async () => {
    expect((await api('GET', `/articles/${draftId}`)).status).toBe(404)
    expect((await api('GET', `/articles/${draftId}`, { query: { draft: 'true' } })).status).toBe(404)
    const list = await api('GET', '/articles', { query: { limit: 200, 'where[_status][equals]': 'draft' } })
    expect(list.status).toBe(200)
    expect(list.body.totalDocs).toBe(0)
    const all = await api('GET', '/articles', { query: { limit: 500, depth: 0 } })
    expect(all.body.docs.map((d: { id: number }) => d.id)).not.toContain(draftId)
    expect(all.body.docs.every((d: { _status: string }) => d._status === 'published')).toBe(true)
  })

  it.each(['author', 'editor', 'admin'] as Actor[])('%s reads the draft', async (actor) => {
    const { status, body } = await api('GET', `/articles/${draftId}`, {
      token: tokens[actor],
      query: { draft: 'true' },
    })
    expect(status).toBe(200)
    expect(body._status).toBe('draft')
  })

  it('anonymous cannot create; every staff role can create a draft', async () => {
    expect(denied((await newArticle('anonymous', 'draft', '匿名投稿')).status)).toBe(true)
    for (const actor of ['author', 'editor', 'admin'] as Actor[]) {
      expect((await newArticle(actor, 'draft', `${actor} 的草稿`)).status).toBe(201)
    }
  })

  it('an author cannot create straight into published; an editor can', async () => {
    expect((await newArticle('author', 'published', '作者直接发布')).status).toBe(403)
    expect((await newArticle('editor', 'published', '编辑直接发布')).status).toBe(201)
  })

  it('an author edits a draft but cannot publish it; an editor publishes it', async () => {
    const draft = await newArticle('author', 'draft', '待发布的草稿')
    const id = draft.body.doc.id
    const edit = await api('PATCH', `/articles/${id}`, { token: tokens.author, body: { summary: '作者修改了摘要' } })
    expect(edit.status).toBe(200)
    const publishByAuthor = await api('PATCH', `/articles/${id}`, {
      token: tokens.author,
      body: { _status: 'published' },
    })
    expect(denied(publishByAuthor.status)).toBe(true)
    expect((await api('GET', `/articles/${id}`)).status).toBe(404)
    const publishByEditor = await api('PATCH', `/articles/${id}`, {
      token: tokens.editor,
      body: { _status: 'published' },
    })
    expect(publishByEditor.status).toBe(200)
    const publicView = await api('GET', `/articles/${id}`)
    expect(publicView.status).toBe(200)
    expect(publicView.body.summary).toBe('作者修改了摘要')
    expect(publicView.body.publishedAt).toBeTruthy()
  })

  it('an author can neither change, unpublish nor delete published work', async () => {
    const retitle = await api('PATCH', `/articles/${publishedId}`, { token: tokens.author, body: { title: '被篡改' } })
    expect(denied(retitle.status)).toBe(true)
    const unpublish = await api('PATCH', `/articles/${publishedId}`, {
      token: tokens.author,
      body: { _status: 'draft' },
    })
    expect(denied(unpublish.status)).toBe(true)
    const remove = await api('DELETE', `/articles/${publishedId}`, { token: tokens.author })
    expect(denied(remove.status)).toBe(true)
    const after = await api('GET', `/articles/${publishedId}`)
    expect(after.status).toBe(200)
    expect(after.body.title).toBe('权限矩阵：已发布文章')
  })

  it('an author deletes their own draft', async () => {
    const draft = await newArticle('author', 'draft', '要删除的草稿')
    expect((await api('DELETE', `/articles/${draft.body.doc.id}`, { token: tokens.author })).status).toBe(200)
  })

  it('an editor unpublishes and deletes published work', async () => {
    const live = await newArticle('editor', 'published', '将被撤回的文章')
    const id = live.body.doc.id
    expect((await api('PATCH', `/articles/${id}`, { token: tokens.editor, body: { _status: 'draft' } })).status).toBe(
      200,
    )
    expect((await api('GET', `/articles/${id}`)).status).toBe(404)
    expect((await api('DELETE', `/articles/${id}`, { token: tokens.editor })).status).toBe(200)
  })

  it('versions are for staff only', async () => {
    expect(denied((await api('GET', '/articles/versions')).status)).toBe(true)
    const staff = await api('GET', '/articles/versions', { token: tokens.author })
    expect(staff.status).toBe(200)
    expect(staff.body.totalDocs).toBeGreaterThan(0)
  })
})

describe('subscribers (personal data)', () => {
  it.each([
    ['anonymous', false],
    ['author', false],
    ['editor', true],
    ['admin', true],
  ] as [Actor, boolean][])('%s may read subscribers: %s', async (actor, allowed) => {
    const { status } = await api('GET', '/subscribers', { token: tokens[actor] })
    if (allowed) expect(status).toBe(200)
    else expect(denied(status)).toBe(true)
  })

  it('the public cannot add a subscriber through the collection API', async () => {
    const { status } = await api('POST', '/subscribers', { body: { email: 'x@example.com', frequency: 'weekly' } })
    expect(denied(status)).toBe(true)
  })
})

describe('users and roles', () => {
  it('anonymous reads no users', async () => {
    expect(denied((await api('GET', '/users')).status)).toBe(true)
  })

  it('an author sees only their own account and cannot promote themselves', async () => {
    const author = await createStaff('author')
    const list = await api('GET', '/users', { token: author.token })
    expect(list.status).toBe(200)
    expect(list.body.docs.map((u: { id: number }) => u.id)).toEqual([author.id])
    await api('PATCH', `/users/${author.id}`, { token: author.token, body: { role: 'admin' } })
    const me = await api('GET', `/users/${author.id}`, { token: tokens.admin })
    expect(me.body.role).toBe('author')
  })

  it('only an admin creates accounts', async () => {
    const body = { email: 'new-staff@newsroom.test', password: 'Pw-long-enough-1', role: 'editor' }
    expect((await api('POST', '/users', { token: tokens.editor, body })).status).toBe(403)
    expect((await api('POST', '/users', { token: tokens.admin, body })).status).toBe(201)
  })
})

describe('site settings and topics', () => {
  it('everyone reads site settings; only an admin changes them', async () => {
    expect((await api('GET', '/globals/site-settings')).status).toBe(200)
    const byEditor = await api('POST', '/globals/site-settings', { token: tokens.editor, body: { siteName: '被改名' } })
    expect(denied(byEditor.status)).toBe(true)
    const current = await api('GET', '/globals/site-settings')
    expect(current.body.siteName).not.toBe('被改名')
    const byAdmin = await api('POST', '/globals/site-settings', {
      token: tokens.admin,
      body: { description: '普陀区科技企业联合会官方网站' },
    })
    expect(byAdmin.status).toBe(200)
  })

  it('authors cannot create topics; editors can', async () => {
    expect(denied((await api('POST', '/topics', { token: tokens.author, body: { name: '作者专题' } })).status)).toBe(
      true,
    )
    const created = await api('POST', '/topics', { token: tokens.editor, body: { name: '测试专题' } })
    expect(created.status).toBe(201)
    expect(created.body.doc.slug).toBe('ceshi-zhuanti')
  })
})
