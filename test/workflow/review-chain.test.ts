/**
 * 先审后发 through the REST API staff and the admin use: who may submit,
 * review, approve, send back and publish directly, in the one- and two-step
 * chains; a live article's new version waits for approval while the old one
 * stays online; every step is recorded on the article and in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminToken, api, createStaff, lexical } from '../support/api'
import { mailsTo, sleep } from '../support/mail'
import { getTestPayload } from '../support/payload'

type Staff = Awaited<ReturnType<typeof createStaff>>
let admin: string
let author: Staff
let editor: Staff
let finalEditor: Staff

const review = (token: string, id: number, action: string, comment?: string) =>
  api('POST', `/articles/${id}/review`, { token, body: { action, comment } })

async function draft(token: string, title: string): Promise<number> {
  const { status, body } = await api('POST', '/articles', {
    token,
    query: { draft: 'true' },
    body: { title, section: 'news', summary: `${title}的摘要`, content: lexical(`${title}的正文。`), _status: 'draft' },
  })
  expect(status, JSON.stringify(body)).toBe(201)
  return body.doc.id
}

async function latest(id: number) {
  const { body } = await api('GET', `/articles/${id}`, { token: admin, query: { draft: 'true', depth: 0 } })
  return body as { reviewState: string; _status: string; title: string; reviewLog: Array<Record<string, any>> }
}

const publicTitle = async (id: number) => {
  const { status, body } = await api('GET', `/articles/${id}`, { query: { depth: 0 } })
  return status === 200 ? (body.title as string) : null
}

async function audit(where: Record<string, string>) {
  const { status, body } = await api('GET', '/audit-log', {
    token: admin,
    query: { ...where, sort: '-createdAt', limit: 20 },
  })
  expect(status).toBe(200)
  return body.docs as Array<{
    action: string
    summary: string
    actor: number | { id: number }
    actorEmail: string
    address: string
  }>
}

/** The first mail to `address` whose subject has both words; earlier mails to the same reviewer are ignored. */
async function mailAbout(address: string, ...words: string[]) {
  const deadline = Date.now() + 45_000
  while (Date.now() < deadline) {
    const found = (await mailsTo(address)).find((m) => words.every((w) => m.subject?.includes(w)))
    if (found) return found
    await sleep(500)
  }
  throw new Error(`no mail to ${address} about ${words.join(' ')}`)
}

const setSteps = (steps: '1' | '2') =>
  api('POST', '/globals/site-settings', { token: admin, body: { reviewSteps: steps } })

beforeAll(async () => {
  admin = await adminToken()
  // One after another: each createStaff logs the admin in, and concurrent logins of one user race on its sessions.
  author = await createStaff('author')
  editor = await createStaff('editor')
  finalEditor = await createStaff('editor')
  const marked = await api('PATCH', `/users/${finalEditor.id}`, { token: admin, body: { finalReviewer: true } })
  expect(marked.status).toBe(200)
})

afterAll(async () => {
  await setSteps('1')
})

describe('one review step (the default)', () => {
  it('an author submits, an editor approves, and the article is published with the record', async () => {
    const id = await draft(author.token, '一级审核流程测试')
    expect(
      (await api('PATCH', `/articles/${id}`, { token: author.token, body: { _status: 'published' } })).status,
    ).toBe(403)
    expect((await review(author.token, id, 'approve')).status).toBe(409)

    const submitted = await review(author.token, id, 'submit')
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200)
    expect(submitted.body.doc.reviewState).toBe('pending_final')
    expect(await publicTitle(id)).toBeNull()

    expect((await review(author.token, id, 'approve')).status).toBe(403)
    const approved = await review(editor.token, id, 'approve', '同意发布')
    expect(approved.status, JSON.stringify(approved.body)).toBe(200)
    expect(await publicTitle(id)).toBe('一级审核流程测试')

    const doc = await latest(id)
    expect(doc.reviewState).toBe('approved')
    expect(doc.reviewLog.map((e) => e.action)).toEqual(['submit', 'approve'])
    const [submit, approve] = doc.reviewLog
    expect(submit.by?.id ?? submit.by).toBe(author.id)
    expect(approve.by?.id ?? approve.by).toBe(editor.id)
    expect(approve.comment).toBe('同意发布')
    expect(new Date(approve.at).getTime()).toBeGreaterThan(Date.now() - 60_000)

    const entries = await audit({ 'where[targetId][equals]': String(id), 'where[action][equals]': 'publish' })
    expect(entries).toHaveLength(1)
    expect(entries[0].actorEmail).toBe(editor.email)
  })

  it('lets an editor publish directly and records it as a final approval', async () => {
    const id = await draft(editor.token, '编辑直接发布测试')
    const published = await api('PATCH', `/articles/${id}`, { token: editor.token, body: { _status: 'published' } })
    expect(published.status).toBe(200)
    const doc = await latest(id)
    expect(doc.reviewState).toBe('approved')
    expect(doc.reviewLog.at(-1)?.action).toBe('publish')
  })

  it('refuses review steps with bad input or on unknown articles', async () => {
    const id = await draft(author.token, '审核输入校验测试')
    expect((await review(author.token, id, 'launch')).status).toBe(400)
    expect((await review(author.token, 999_999, 'submit')).status).toBe(404)
    expect((await api('POST', `/articles/${id}/review`, { body: { action: 'submit' } })).status).toBe(401)
    expect((await review(editor.token, id, 'return', '不在审核中')).status).toBe(409)
    expect((await review(editor.token, id, 'submit', 'x'.repeat(1001))).status).toBe(400)
  })
})

describe('two review steps', () => {
  beforeAll(async () => {
    const changed = await setSteps('2')
    expect(changed.status, JSON.stringify(changed.body)).toBe(200)
  })

  it('walks submit → first review → send back → resubmit → first review → final approval', async () => {
    const id = await draft(author.token, '两级审核流程测试')
    expect((await review(author.token, id, 'submit')).body.doc.reviewState).toBe('pending_first')
    expect((await review(author.token, id, 'pass')).status).toBe(403)
    expect((await review(editor.token, id, 'pass')).body.doc.reviewState).toBe('pending_final')

    // An editor who is not a final reviewer can neither approve nor publish around the chain.
    expect((await review(editor.token, id, 'approve')).status).toBe(403)
    expect(
      (await api('PATCH', `/articles/${id}`, { token: editor.token, body: { _status: 'published' } })).status,
    ).toBe(403)
    expect(await publicTitle(id)).toBeNull()

    expect((await review(finalEditor.token, id, 'return')).status).toBe(400)
    const sentBack = await review(finalEditor.token, id, 'return', '请补充政策原文链接')
    expect(sentBack.body.doc.reviewState).toBe('returned')
    const notice = await mailAbout(author.email, '已退回', '两级审核流程测试')
    expect(notice.text).toContain('请补充政策原文链接')

    await review(author.token, id, 'submit')
    await review(editor.token, id, 'pass')
    const approved = await review(finalEditor.token, id, 'approve')
    expect(approved.status).toBe(200)
    expect(await publicTitle(id)).toBe('两级审核流程测试')
    expect((await latest(id)).reviewLog.map((e) => e.action)).toEqual([
      'submit',
      'pass',
      'return',
      'submit',
      'pass',
      'approve',
    ])
  })

  it('mails the reviewers when an article enters their queue', async () => {
    const id = await draft(author.token, '审核通知邮件测试')
    await review(author.token, id, 'submit')
    const toEditor = await mailAbout(editor.email, '待初审', '审核通知邮件测试')
    expect(toEditor.text).toContain(`/admin/collections/articles/${id}`)
    await review(editor.token, id, 'pass')
    await mailAbout(finalEditor.email, '待终审', '审核通知邮件测试')
    // The author who submitted hears of the outcome, not of every step.
    expect((await mailsTo(author.email)).some((m) => m.subject?.includes('审核通知邮件测试'))).toBe(false)
  })

  it('keeps the live version online while a correction waits for approval', async () => {
    const id = await draft(author.token, '更正前的标题')
    await review(author.token, id, 'submit')
    await review(editor.token, id, 'pass')
    await review(finalEditor.token, id, 'approve')
    expect(await publicTitle(id)).toBe('更正前的标题')

    const edited = await api('PATCH', `/articles/${id}`, {
      token: editor.token,
      query: { draft: 'true' },
      body: { title: '更正后的标题', _status: 'draft' },
    })
    expect(edited.status, JSON.stringify(edited.body)).toBe(200)
    expect((await latest(id)).reviewState).toBe('draft')
    expect(await publicTitle(id)).toBe('更正前的标题')
    const bypass = await api('PATCH', `/articles/${id}`, {
      token: editor.token,
      body: { title: '绕过审核', _status: 'published' },
    })
    expect(bypass.status).toBe(403)

    await review(editor.token, id, 'submit')
    await review(editor.token, id, 'pass')
    expect(await publicTitle(id)).toBe('更正前的标题')
    await review(finalEditor.token, id, 'approve')
    expect(await publicTitle(id)).toBe('更正后的标题')
  })

  it("allows an admin's urgent publish around the chain and logs it as such", async () => {
    const id = await draft(author.token, '紧急发布测试')
    const published = await api('PATCH', `/articles/${id}`, { token: admin, body: { _status: 'published' } })
    expect(published.status).toBe(200)
    expect((await latest(id)).reviewLog.at(-1)?.action).toBe('urgent_publish')
    const entries = await audit({ 'where[targetId][equals]': String(id) })
    expect(entries.map((e) => e.action)).toContain('urgent_publish')
  })

  it('schedules an approval whose publish time lies ahead, and publishes it then', async () => {
    const due = new Date(Date.now() + 40_000)
    const { body } = await api('POST', '/articles', {
      token: author.token,
      query: { draft: 'true' },
      body: {
        title: '定时发布审核测试',
        section: 'news',
        content: lexical('定时发布的正文。'),
        publishedAt: due.toISOString(),
        _status: 'draft',
      },
    })
    const id = body.doc.id as number
    await review(author.token, id, 'submit')
    await review(editor.token, id, 'pass')
    const approved = await review(finalEditor.token, id, 'approve')
    expect(approved.body.doc).toMatchObject({ reviewState: 'approved', _status: 'draft' })
    expect(await publicTitle(id)).toBeNull()
    const deadline = due.getTime() + 45_000
    while (Date.now() < deadline && (await publicTitle(id)) === null) await new Promise((r) => setTimeout(r, 1000))
    expect(await publicTitle(id)).toBe('定时发布审核测试')
    expect((await latest(id)).reviewLog.at(-1)).toMatchObject({ action: 'scheduled_publish', lateMinutes: 0 })
  }, 120_000)
})

describe('schedules that fell due while nothing ran them', () => {
  it('publishes an overdue approved article on the next poll and records how late it was', async () => {
    const due = new Date(Date.now() - 12 * 60_000)
    const { body } = await api('POST', '/articles', {
      token: author.token,
      query: { draft: 'true' },
      body: {
        title: '逾期定时发布测试',
        section: 'notice',
        content: lexical('逾期发布的正文。'),
        publishedAt: due.toISOString(),
        _status: 'draft',
      },
    })
    const id = body.doc.id as number
    // What twelve minutes without a job runner leave behind: an approval whose scheduled publish never ran.
    const payload = await getTestPayload()
    await payload.update({
      collection: 'articles',
      id,
      data: { _status: 'draft' },
      draft: true,
      context: { review: { action: 'approve', to: 'approved' } },
      overrideAccess: true,
    })
    await payload.jobs.queue({
      task: 'schedulePublish',
      waitUntil: due,
      input: {
        type: 'publish',
        doc: { relationTo: 'articles', value: id },
        user: { relationTo: 'users', value: finalEditor.id },
      },
    })
    const deadline = Date.now() + 45_000
    while (Date.now() < deadline && (await publicTitle(id)) === null) await sleep(1000)
    expect(await publicTitle(id)).toBe('逾期定时发布测试')
    const last = (await latest(id)).reviewLog.at(-1)
    expect(last?.action).toBe('scheduled_publish')
    expect(last?.lateMinutes).toBeGreaterThanOrEqual(12)
    expect(last?.lateMinutes).toBeLessThan(15)
  }, 90_000)
})

describe('audit log', () => {
  it('records role changes, failed logins, settings changes, unpublish and delete, with the address', async () => {
    const someone = await createStaff('author')
    await api('PATCH', `/users/${someone.id}`, { token: admin, body: { role: 'editor' } })
    const roles = await audit({ 'where[targetId][equals]': String(someone.id), 'where[action][equals]': 'role_change' })
    expect(roles[0].summary).toContain('author → editor')

    const failed = await fetch(new URL('/api/users/login', (await import('../support/api')).requireStack().cmsUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77' },
      body: JSON.stringify({ email: someone.email, password: 'wrong-password' }),
    })
    expect(failed.status).toBe(401)
    const logins = await audit({ 'where[action][equals]': 'login_failed', 'where[actorEmail][equals]': someone.email })
    expect(logins).toHaveLength(1)
    expect(logins[0].address).toBe('203.0.113.77')

    const settings = await audit({ 'where[action][equals]': 'settings_change' })
    expect(settings.some((e) => e.summary.includes('reviewSteps'))).toBe(true)

    const id = await draft(finalEditor.token, '撤回与删除审计测试')
    await api('PATCH', `/articles/${id}`, { token: finalEditor.token, body: { _status: 'published' } })
    await api('PATCH', `/articles/${id}`, {
      token: finalEditor.token,
      query: { draft: 'true' },
      body: { summary: '草稿修改' },
    })
    expect(await audit({ 'where[targetId][equals]': String(id), 'where[action][equals]': 'unpublish' })).toHaveLength(0)
    await api('PATCH', `/articles/${id}`, { token: finalEditor.token, body: { _status: 'draft' } })
    await api('DELETE', `/articles/${id}`, { token: finalEditor.token })
    const trail = await audit({ 'where[targetId][equals]': String(id), 'where[targetCollection][equals]': 'articles' })
    expect(trail.map((e) => e.action).sort()).toEqual(['delete', 'publish', 'unpublish'])
  })

  it('is readable by admins only and never editable', async () => {
    const [entry] = await audit({})
    expect(entry).toBeDefined()
    expect((await api('GET', '/audit-log', { token: editor.token })).status).toBe(403)
    expect((await api('GET', '/audit-log')).status).toBe(403)
    const id = (entry as unknown as { id: number }).id
    expect((await api('PATCH', `/audit-log/${id}`, { token: admin, body: { summary: '篡改' } })).status).toBe(403)
    expect((await api('DELETE', `/audit-log/${id}`, { token: admin })).status).toBe(403)
    expect(
      (await api('POST', '/audit-log', { token: admin, body: { action: 'publish', summary: '伪造' } })).status,
    ).toBe(403)
    const again = await api('GET', `/audit-log/${id}`, { token: admin })
    expect(again.body.summary).toBe(entry.summary)
  })
})
