/**
 * The access matrix extended to every collection and global the CMS registers,
 * through REST as anonymous / author / editor / admin meet it (test/cms/access.test.ts
 * holds the foundation's article workflow cases; test/subscriptions/access.test.ts the
 * CSV export and admin views): create, read (list, by id, count), update and delete,
 * versions where they exist, then the filters, sorts, selects and depths that try to
 * reach private fields through relationships. Each denial is paired with the role that
 * is allowed, so a rule that refuses everyone fails as surely as one that refuses no one.
 */
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { samplePolicyPdf } from '../../content-seed/src/pdf'
import { adminToken, api, createStaff, lexical, requireStack } from '../support/api'
import { getTestPayload } from '../support/payload'

type Actor = 'anonymous' | 'author' | 'editor' | 'admin'
const ACTORS: Actor[] = ['anonymous', 'author', 'editor', 'admin']
const tokens: Record<Actor, string | undefined> = { anonymous: undefined, author: '', editor: '', admin: '' }
const ids: Record<Actor, number> = { anonymous: 0, author: 0, editor: 0, admin: 0 }
const emails: Record<Actor, string> = { anonymous: '', author: '', editor: '', admin: '' }
const denied = (status: number) => [401, 403, 404].includes(status)
const REVIEW_COMMENT = '内部审核意见：第三段数据待核实'
let liveArticle: number
let subscriberEmail: string

/** Every key anywhere in a JSON value, for "no password hash at any depth" checks. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into)
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      into.add(k)
      keysOf(v, into)
    }
  return into
}
const SECRET_KEYS = [
  'hash',
  'salt',
  'password',
  'resetPasswordToken',
  'resetPasswordExpiration',
  'sessions',
  'lockUntil',
  'loginAttempts',
  'apiKey',
  'tokenHash',
]

async function upload(collection: 'media' | 'documents', token: string | undefined) {
  const form = new FormData()
  if (collection === 'media') {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
      .png()
      .toBuffer()
    form.append('_payload', JSON.stringify({ alt: '权限矩阵图片' }))
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'matrix.png')
  } else {
    const pdf = samplePolicyPdf({ title: '权限矩阵附件', lines: ['权限矩阵'], latinNote: 'Access matrix' })
    form.append('_payload', JSON.stringify({ title: '权限矩阵附件' }))
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'matrix.pdf')
  }
  const response = await fetch(new URL(`/api/${collection}`, requireStack().cmsUrl), {
    method: 'POST',
    headers: { accept: 'application/json', ...(token ? { authorization: `JWT ${token}` } : {}) },
    body: form,
  })
  const body = await response.json().catch(() => null)
  return { status: response.status, body }
}

beforeAll(async () => {
  tokens.admin = await adminToken()
  const me = await api('GET', '/users/me', { token: tokens.admin })
  ids.admin = me.body.user.id
  emails.admin = me.body.user.email
  // One after another: concurrent logins of the admin race on its sessions.
  for (const role of ['editor', 'author'] as const) {
    const staff = await createStaff(role)
    tokens[role] = staff.token
    ids[role] = staff.id
    emails[role] = staff.email
  }
  // A published article whose review record holds an internal comment and the editor as reviewer.
  const draft = await api('POST', '/articles', {
    token: tokens.author,
    body: { title: '权限矩阵：审核后发布', section: 'news', content: lexical('正文。'), _status: 'draft' },
  })
  expect(draft.status).toBe(201)
  liveArticle = draft.body.doc.id
  expect(
    (await api('POST', `/articles/${liveArticle}/review`, { token: tokens.author, body: { action: 'submit' } })).status,
  ).toBe(200)
  const approved = await api('POST', `/articles/${liveArticle}/review`, {
    token: tokens.editor,
    body: { action: 'approve', comment: REVIEW_COMMENT },
  })
  expect(approved.status, JSON.stringify(approved.body)).toBe(200)
  expect((await api('GET', `/articles/${liveArticle}`)).status).toBe(200)
  // A subscriber and a row in the send ledger pointing at them.
  const payload = await getTestPayload()
  subscriberEmail = `matrix-${Date.now()}@example.org`
  const subscriber = await payload.create({
    collection: 'subscribers',
    data: {
      email: subscriberEmail,
      state: 'active',
      frequency: 'immediate',
      allTopics: true,
      consentAt: new Date().toISOString(),
    },
    overrideAccess: true,
  })
  await payload.create({
    collection: 'deliveries',
    data: { kind: 'confirmation', subscriber: subscriber.id, state: 'sent' },
    overrideAccess: true,
  })
})

/** A fresh document of `collection` made by the admin (or the Local API where nobody may create one). */
async function fixture(collection: string): Promise<number> {
  const n = Math.floor(Math.random() * 1e9)
  const byAdmin = async (body: unknown) => {
    const { status, body: res } = await api('POST', `/${collection}`, { token: tokens.admin, body })
    expect(status, JSON.stringify(res)).toBe(201)
    return res.doc.id as number
  }
  switch (collection) {
    case 'topics':
      return byAdmin({ name: `矩阵专题${n}`, slug: `matrix-topic-${n}` })
    case 'pages':
      return byAdmin({ title: `矩阵页面${n}`, slug: `matrix-page-${n}`, content: lexical('页面') })
    case 'redirects':
      return byAdmin({ from: `matrix-old-${n}`, article: liveArticle })
    case 'subscribers':
      return byAdmin({ email: `m${n}@example.org`, state: 'active', frequency: 'weekly' })
    case 'users':
      return byAdmin({ email: `matrix-${n}@newsroom.test`, password: `Pw-${n}-long-enough`, role: 'author' })
    case 'media':
    case 'documents': {
      const { status, body } = await upload(collection, tokens.admin)
      expect(status, JSON.stringify(body)).toBe(201)
      return body.doc.id
    }
  }
  const payload = await getTestPayload()
  const data: Record<string, Record<string, unknown>> = {
    mailings: { title: `矩阵推送${n}`, kind: 'digest', state: 'active', digestWeek: `m-${n}` },
    // Settled, not queued: the CMS's mail worker would pick up a queued row and retry it for hours,
    // and suites that wait for an idle ledger (subscriptions/faults) would wait for it.
    deliveries: { kind: 'confirmation', state: 'sent' },
    'subscription-tokens': {
      subscriber: (await payload.find({ collection: 'subscribers', limit: 1, overrideAccess: true })).docs[0]?.id,
      purpose: 'manage',
      tokenHash: `h${n}`,
      expiresAt: new Date(Date.now() + 864e5).toISOString(),
    },
    'rate-limits': { bucket: `matrix:${n}`, hits: 1, resetAt: new Date(Date.now() + 60e3).toISOString() },
    'audit-log': { action: 'settings_change', summary: `矩阵日志${n}` },
    'payload-kv': { key: `matrix:${n}`, data: { n } },
    'payload-jobs': { taskSlug: 'pruneSubscriptionData', input: {}, queue: 'matrix-never-run' },
  }
  const doc = (await payload.create({
    collection: collection as never,
    data: data[collection] as never,
    overrideAccess: true,
  })) as { id: number }
  return doc.id
}

/**
 * Who may do what. `read` lists who gets documents from list/by-id/count; `self` marks
 * collections where non-admin staff read only their own document (users).
 */
type Rule = { read: Actor[]; create: Actor[]; update: Actor[]; delete: Actor[] }
const STAFF: Actor[] = ['author', 'editor', 'admin']
const EDITORS: Actor[] = ['editor', 'admin']
const EVERYONE: Actor[] = ACTORS
const MATRIX: Record<string, Rule> = {
  topics: { read: EVERYONE, create: EDITORS, update: EDITORS, delete: EDITORS },
  pages: { read: EVERYONE, create: EDITORS, update: EDITORS, delete: EDITORS },
  redirects: { read: EVERYONE, create: EDITORS, update: EDITORS, delete: EDITORS },
  media: { read: EVERYONE, create: STAFF, update: STAFF, delete: EDITORS },
  documents: { read: EVERYONE, create: STAFF, update: STAFF, delete: EDITORS },
  subscribers: { read: EDITORS, create: EDITORS, update: EDITORS, delete: EDITORS },
  mailings: { read: EDITORS, create: [], update: [], delete: [] },
  deliveries: { read: EDITORS, create: [], update: [], delete: [] },
  'audit-log': { read: ['admin'], create: [], update: [], delete: [] },
  'subscription-tokens': { read: [], create: [], update: [], delete: [] },
  'rate-limits': { read: [], create: [], update: [], delete: [] },
  'payload-kv': { read: [], create: [], update: [], delete: [] },
  'payload-jobs': { read: [], create: [], update: [], delete: [] },
  users: { read: ['admin'], create: ['admin'], update: ['admin'], delete: ['admin'] },
}

/** A body each collection accepts for create, so a refusal is about access, not validation. */
function createBody(collection: string, actor: Actor): unknown {
  const n = `${actor}-${Math.floor(Math.random() * 1e9)}`
  const bodies: Record<string, unknown> = {
    topics: { name: `矩阵新专题${n}`, slug: `matrix-new-${n}` },
    pages: { title: `矩阵新页面${n}`, slug: `matrix-new-page-${n}` },
    redirects: { from: `matrix-new-${n}`, article: liveArticle },
    subscribers: { email: `new-${n}@example.org`, state: 'active', frequency: 'weekly' },
    mailings: { title: `伪造推送${n}`, kind: 'digest', state: 'active', digestWeek: `x-${n}` },
    deliveries: { kind: 'confirmation', state: 'sent' },
    'audit-log': { action: 'publish', summary: `伪造日志${n}` },
    'subscription-tokens': { purpose: 'manage', tokenHash: `forged-${n}`, expiresAt: '2099-01-01T00:00:00Z' },
    'rate-limits': { bucket: `forged:${n}`, hits: 0, resetAt: '2099-01-01T00:00:00Z' },
    'payload-kv': { key: `forged:${n}`, data: {} },
    'payload-jobs': { taskSlug: 'weeklyDigest', input: {} },
    users: { email: `new-${n}@newsroom.test`, password: `Pw-${n}-long-enough`, role: 'admin' },
  }
  return bodies[collection]
}

/** A harmless change each collection accepts; `field` is read back to see whether it landed. */
const UPDATES: Record<string, [string, unknown]> = {
  topics: ['description', '矩阵修改'],
  pages: ['summary', '矩阵修改'],
  redirects: ['from', `matrix-moved-${Date.now()}`],
  media: ['caption', '矩阵修改'],
  documents: ['title', '矩阵修改'],
  subscribers: ['source', '矩阵修改'],
  mailings: ['title', '篡改'],
  deliveries: ['lastError', '篡改'],
  'audit-log': ['summary', '篡改'],
  'subscription-tokens': ['usedAt', '2016-01-01T00:00:00.000Z'],
  'rate-limits': ['hits', 99999],
  'payload-kv': ['data', { tampered: true }],
  'payload-jobs': ['queue', 'tampered'],
  users: ['name', '矩阵修改'],
}

/** The stored document, read past access (Local API), to see what really happened. */
async function stored(collection: string, id: number) {
  const payload = await getTestPayload()
  return payload
    .findByID({
      collection: collection as never,
      id,
      depth: 0,
      overrideAccess: true,
      showHiddenFields: true,
      disableErrors: true,
    })
    .catch(() => null) as Promise<Record<string, unknown> | null>
}

describe.each(Object.entries(MATRIX))('%s', (collection, rule) => {
  let id: number
  beforeAll(async () => {
    id = await fixture(collection)
  })

  it.each(ACTORS)('%s: list, by id and count', async (actor) => {
    const token = tokens[actor]
    const list = await api('GET', `/${collection}`, { token, query: { limit: 100, depth: 0, 'where[id][equals]': id } })
    const one = await api('GET', `/${collection}/${id}`, { token, query: { depth: 0 } })
    const count = await api('GET', `/${collection}/count`, { token, query: { 'where[id][equals]': id } })
    if (rule.read.includes(actor)) {
      expect(list.status, JSON.stringify(list.body)).toBe(200)
      expect(list.body.docs.map((d: { id: number }) => d.id)).toEqual([id])
      expect(one.status).toBe(200)
      expect(one.body.id).toBe(id)
      expect(count.body.totalDocs).toBe(1)
    } else {
      // Refused outright, or (a query-shaped rule) filtered to nothing: either way the document stays unseen.
      expect(denied(list.status) || list.body.totalDocs === 0, `${actor} list ${list.status}`).toBe(true)
      expect(denied(one.status), `${actor} by id ${one.status}`).toBe(true)
      expect(denied(count.status) || count.body.totalDocs === 0, `${actor} count ${count.status}`).toBe(true)
      expect(JSON.stringify([list.body, one.body, count.body])).not.toContain(`"id":${id},`)
    }
  })

  it.each(ACTORS)('%s: create', async (actor) => {
    if (collection === 'media' || collection === 'documents') {
      const { status, body } = await upload(collection, tokens[actor])
      if (rule.create.includes(actor)) expect(status, JSON.stringify(body)).toBe(201)
      else expect(denied(status), `${actor} got ${status}`).toBe(true)
      return
    }
    const { status, body } = await api('POST', `/${collection}`, {
      token: tokens[actor],
      body: createBody(collection, actor),
    })
    if (rule.create.includes(actor)) {
      expect(status, JSON.stringify(body)).toBe(201)
      expect(await stored(collection, body.doc.id)).not.toBeNull()
    } else {
      expect(denied(status), `${actor} got ${status}: ${JSON.stringify(body).slice(0, 200)}`).toBe(true)
    }
  })

  it.each(ACTORS)('%s: update', async (actor) => {
    const [field, value] = UPDATES[collection]
    const before = await stored(collection, id)
    const { status, body } = await api('PATCH', `/${collection}/${id}`, {
      token: tokens[actor],
      body: { [field]: value },
    })
    const after = await stored(collection, id)
    if (rule.update.includes(actor)) {
      expect(status, JSON.stringify(body)).toBe(200)
      expect(after?.[field]).toEqual(value)
      // Put it back, so the next actor's change is visible as a change.
      const payload = await getTestPayload()
      await payload.update({
        collection: collection as never,
        id,
        data: { [field]: before?.[field] ?? null } as never,
        overrideAccess: true,
      })
    } else {
      expect(denied(status), `${actor} got ${status}: ${JSON.stringify(body).slice(0, 200)}`).toBe(true)
      expect(after?.[field]).toEqual(before?.[field])
    }
  })

  it.each(ACTORS)('%s: delete', async (actor) => {
    // A document of its own, so one actor's delete does not decide the next actor's case.
    const victim = await fixture(collection)
    const { status, body } = await api('DELETE', `/${collection}/${victim}`, { token: tokens[actor] })
    if (rule.delete.includes(actor)) {
      expect(status, JSON.stringify(body)).toBe(200)
      expect(await stored(collection, victim)).toBeNull()
    } else {
      expect(denied(status), `${actor} got ${status}`).toBe(true)
      expect(await stored(collection, victim)).not.toBeNull()
    }
  })

  it.each(ACTORS)('%s: delete and update by query reach nothing they may not', async (actor) => {
    const where = { 'where[id][equals]': id }
    const del = await api('DELETE', `/${collection}`, { token: tokens[actor], query: where })
    if (!rule.delete.includes(actor)) {
      expect(denied(del.status) || (del.body.docs ?? []).length === 0, `${actor} got ${del.status}`).toBe(true)
      expect(await stored(collection, id)).not.toBeNull()
    } else {
      expect(del.status).toBe(200)
      expect(await stored(collection, id)).toBeNull()
      id = await fixture(collection)
    }
  })
})

describe('users: staff see themselves, admins see everyone', () => {
  it.each(['author', 'editor'] as Actor[])('%s reads, counts and updates only their own account', async (actor) => {
    const token = tokens[actor]
    const list = await api('GET', '/users', { token, query: { limit: 100 } })
    expect(list.body.docs.map((u: { id: number }) => u.id)).toEqual([ids[actor]])
    expect((await api('GET', '/users/count', { token })).body.totalDocs).toBe(1)
    expect((await api('GET', `/users/${ids[actor]}`, { token })).status).toBe(200)
    expect(denied((await api('GET', `/users/${ids.admin}`, { token })).status)).toBe(true)
    const renamed = await api('PATCH', `/users/${ids[actor]}`, { token, body: { name: `${actor}改名` } })
    expect(renamed.status).toBe(200)
    expect(renamed.body.doc.name).toBe(`${actor}改名`)
    // Their own role and final-reviewer flag are not theirs to change.
    await api('PATCH', `/users/${ids[actor]}`, { token, body: { role: 'admin', finalReviewer: true } })
    const me = await stored('users', ids[actor])
    expect(me?.role).toBe(actor)
    expect(me?.finalReviewer).toBe(false)
  })

  it('/api/users?where[email][like]= finds other accounts only for the admin', async () => {
    const query = { 'where[email][like]': emails.editor.slice(0, 12) }
    expect(denied((await api('GET', '/users', { query })).status)).toBe(true)
    expect((await api('GET', '/users', { token: tokens.author, query })).body.totalDocs).toBe(0)
    const byAdmin = await api('GET', '/users', { token: tokens.admin, query })
    expect(byAdmin.body.docs.map((u: { email: string }) => u.email)).toContain(emails.editor)
  })

  it('no response carries a password hash, salt, reset token, session or lock state, even for the admin', async () => {
    const payload = await getTestPayload()
    await payload.update({
      collection: 'users',
      id: ids.author,
      data: { loginAttempts: 1 } as never,
      overrideAccess: true,
    })
    for (const actor of ACTORS) {
      for (const path of ['/users', `/users/${ids.author}`, `/articles/${liveArticle}`, '/audit-log']) {
        const { body } = await api('GET', path, { token: tokens[actor], query: { depth: 5, limit: 100 } })
        const keys = keysOf(body)
        for (const secret of SECRET_KEYS.filter((k) => k !== 'sessions'))
          expect(keys.has(secret), `${actor} ${path} ${secret}`).toBe(false)
      }
    }
    // The admin does read accounts (the allowed side of the same requests).
    const all = await api('GET', '/users', { token: tokens.admin, query: { limit: 100 } })
    expect(all.body.docs.map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining([emails.author, emails.editor]),
    )
  })

  it.each([
    ['anonymous', false],
    ['author', false],
    ['editor', false],
    ['admin', true],
  ] as Array<[Actor, boolean]>)('unlocking a locked-out account: %s allowed %s', async (actor, allowed) => {
    const payload = await getTestPayload()
    const lockUntil = new Date(Date.now() + 600_000).toISOString()
    await payload.update({
      collection: 'users',
      id: ids.author,
      data: { loginAttempts: 5, lockUntil } as never,
      overrideAccess: true,
    })
    const { status } = await api('POST', '/users/unlock', { token: tokens[actor], body: { email: emails.author } })
    const after = (await stored('users', ids.author)) as { lockUntil?: string | null } | null
    if (allowed) {
      expect(status).toBe(200)
      expect(after?.lockUntil ?? null).toBeNull()
    } else {
      expect(denied(status), `${actor} got ${status}`).toBe(true)
      expect(after?.lockUntil).toBeTruthy()
    }
    await payload.update({
      collection: 'users',
      id: ids.author,
      data: { loginAttempts: 0, lockUntil: null } as never,
      overrideAccess: true,
    })
  })

  it('"forgot password" answers alike for an account that exists and one that does not', async () => {
    const known = await api('POST', '/users/forgot-password', { body: { email: emails.author } })
    const unknown = await api('POST', '/users/forgot-password', {
      body: { email: `nobody-${Date.now()}@newsroom.test` },
    })
    expect(known.status).toBe(unknown.status)
    expect(known.body).toEqual(unknown.body)
    expect(JSON.stringify(known.body)).not.toMatch(/token|@/i)
  })

  it('nobody registers a "first user" once accounts exist', async () => {
    const email = `first-${Date.now()}@evil.example`
    for (const actor of ACTORS) {
      const { status } = await api('POST', '/users/first-register', {
        token: tokens[actor],
        body: { email, password: 'Pw-first-register-1', role: 'admin' },
      })
      expect(denied(status) || status === 400, `${actor} got ${status}`).toBe(true)
    }
    const payload = await getTestPayload()
    expect(
      (await payload.count({ collection: 'users', where: { email: { equals: email } }, overrideAccess: true }))
        .totalDocs,
    ).toBe(0)
  })
})

describe('the review record is internal', () => {
  const list = (actor: Actor, query: Record<string, string | number>) =>
    api('GET', '/articles', { token: tokens[actor], query: { depth: 0, limit: 100, ...query } })

  it('anonymous readers get no review record or state, at any depth or select; staff get both', async () => {
    const queries: Array<Record<string, string | number>> = [
      {},
      { depth: 5 },
      { 'select[reviewLog]': 'true', 'select[reviewState]': 'true' },
      { draft: 'true' },
    ]
    for (const query of queries) {
      const { status, body } = await api('GET', `/articles/${liveArticle}`, { query })
      expect(status).toBe(200)
      // Payload leaves a denied array field as [] under some selects: empty either way.
      expect(body.reviewLog ?? []).toEqual([])
      expect(body).not.toHaveProperty('reviewState')
      expect(JSON.stringify(body)).not.toContain(REVIEW_COMMENT)
    }
    for (const actor of STAFF) {
      const { body } = await api('GET', `/articles/${liveArticle}`, { token: tokens[actor] })
      expect(body.reviewState).toBe('approved')
      expect(body.reviewLog.map((e: { comment: string | null }) => e.comment)).toContain(REVIEW_COMMENT)
    }
  })

  it('anonymous cannot filter or sort by it; staff can', async () => {
    const queries: Array<Record<string, string>> = [
      { 'where[reviewLog.comment][like]': '内部审核意见' },
      { 'where[reviewLog.byName][exists]': 'true' },
      { 'where[reviewState][equals]': 'approved' },
      { 'where[reviewLog.by.email][like]': '@' },
      { sort: 'reviewLog.comment' },
      { sort: '-reviewLog.by.email' },
    ]
    for (const query of queries) {
      const { status, body } = await list('anonymous', query)
      expect(status === 400 || denied(status), `${JSON.stringify(query)} → ${status}`).toBe(true)
      expect(JSON.stringify(body)).not.toContain(`"id":${liveArticle},`)
    }
    const found = await list('author', { 'where[reviewLog.comment][like]': '内部审核意见' })
    expect(found.body.docs.map((d: { id: number }) => d.id)).toContain(liveArticle)
    expect((await list('editor', { sort: 'reviewLog.comment' })).status).toBe(200)
  })

  it('a filter through the reviewer finds other staff only for the admin (users stay self-or-admin)', async () => {
    const query = { 'where[reviewLog.by.email][equals]': emails.editor }
    expect((await list('author', query)).body.docs).toEqual([])
    expect((await list('admin', query)).body.docs.map((d: { id: number }) => d.id)).toContain(liveArticle)
  })

  it('depth=5 populates reviewers only as far as users may be read', async () => {
    const author = await api('GET', `/articles/${liveArticle}`, { token: tokens.author, query: { depth: 5 } })
    const admin = await api('GET', `/articles/${liveArticle}`, { token: tokens.admin, query: { depth: 5 } })
    const reviewer = (body: any) => body.reviewLog.find((e: { action: string }) => e.action === 'approve').by
    expect(reviewer(author.body)).toBe(ids.editor)
    expect(reviewer(admin.body).email).toBe(emails.editor)
    expect(JSON.stringify(author.body)).not.toContain(emails.editor)
  })

  it('a client cannot write it: staff PATCHes of the state and the record are ignored', async () => {
    const draft = await api('POST', '/articles', {
      token: tokens.author,
      body: { title: '权限矩阵：伪造审核', section: 'news', content: lexical('正文'), _status: 'draft' },
    })
    const id = draft.body.doc.id
    const forged = [{ action: 'approve', byName: '主编', comment: '同意' }]
    await api('PATCH', `/articles/${id}`, {
      token: tokens.author,
      body: { reviewState: 'approved', reviewLog: forged },
    })
    const after = await stored('articles', id)
    expect(after?.reviewState).toBe('draft')
    expect(after?.reviewLog).toEqual([])
  })

  it('versions, drafts and counts of drafts stay staff-only, filters on versions included', async () => {
    const versions = (actor: Actor, query: Record<string, string | number> = {}) =>
      api('GET', '/articles/versions', { token: tokens[actor], query: { depth: 0, ...query } })
    expect(denied((await versions('anonymous')).status)).toBe(true)
    expect(denied((await versions('anonymous', { 'where[version.reviewLog.comment][like]': '内部' })).status)).toBe(
      true,
    )
    const staff = await versions('author', { 'where[parent][equals]': liveArticle })
    expect(staff.status).toBe(200)
    const versionId = staff.body.docs[0].id
    expect(denied((await api('GET', `/articles/versions/${versionId}`)).status)).toBe(true)
    expect((await api('GET', `/articles/versions/${versionId}`, { token: tokens.author })).status).toBe(200)
    expect((await api('GET', '/articles/count', { query: { 'where[_status][equals]': 'draft' } })).body.totalDocs).toBe(
      0,
    )
    expect(
      (await api('GET', '/articles/count', { token: tokens.author, query: { 'where[_status][equals]': 'draft' } })).body
        .totalDocs,
    ).toBeGreaterThan(0)
    const draftList = await api('GET', '/articles', { query: { draft: 'true', 'where[_status][equals]': 'draft' } })
    expect(draftList.body.totalDocs).toBe(0)
  })
})

describe('relationships into personal data', () => {
  it('deliveries filtered by the subscriber e-mail: refused to the public and authors, found by editors', async () => {
    const query = { 'where[subscriber.email][equals]': subscriberEmail, depth: 1 }
    for (const actor of ['anonymous', 'author'] as Actor[]) {
      const { status, body } = await api('GET', '/deliveries', { token: tokens[actor], query })
      expect(denied(status), `${actor} got ${status}`).toBe(true)
      expect(JSON.stringify(body)).not.toContain(subscriberEmail)
    }
    const { status, body } = await api('GET', '/deliveries', { token: tokens.editor, query })
    expect(status).toBe(200)
    expect(body.docs[0].subscriber.email).toBe(subscriberEmail)
  })

  it('sorting deliveries by subscriber e-mail and counting them is refused to authors', async () => {
    expect(
      denied((await api('GET', '/deliveries', { token: tokens.author, query: { sort: 'subscriber.email' } })).status),
    ).toBe(true)
    expect(denied((await api('GET', '/deliveries/count', { token: tokens.author })).status)).toBe(true)
    expect(
      (await api('GET', '/deliveries', { token: tokens.editor, query: { sort: 'subscriber.email' } })).status,
    ).toBe(200)
  })

  it('the audit log filtered by actor e-mail: admins only', async () => {
    const query = { 'where[actor.email][equals]': emails.editor }
    for (const actor of ['anonymous', 'author', 'editor'] as Actor[])
      expect(denied((await api('GET', '/audit-log', { token: tokens[actor], query })).status)).toBe(true)
    const byAdmin = await api('GET', '/audit-log', { token: tokens.admin, query: { ...query, depth: 1 } })
    expect(byAdmin.status).toBe(200)
    expect(byAdmin.body.docs.some((d: { action: string }) => d.action === 'publish')).toBe(true)
  })

  it('no collection has an author or createdBy relationship; filters through one are refused, not ignored', async () => {
    // The byline author (bylines.author) is public text, not a user: nothing to reach through it.
    for (const collection of ['articles', 'media', 'documents', 'pages']) {
      for (const query of [
        { 'where[createdBy.email][like]': '@' },
        { 'where[author.email][like]': '@' },
        { 'where[bylines.author.email][like]': '@' },
      ] as Array<Record<string, string>>) {
        for (const actor of ['anonymous', 'author'] as Actor[]) {
          const { status, body } = await api('GET', `/${collection}`, { token: tokens[actor], query })
          expect(status, `${actor} ${collection} ${JSON.stringify(query)}: ${JSON.stringify(body).slice(0, 200)}`).toBe(
            400,
          )
        }
      }
      // Payload ignores a sort path that does not exist (no error, no order): nothing reaches a user.
      const sorted = await api('GET', `/${collection}`, { query: { sort: 'author.email' } })
      expect(sorted.status).toBe(200)
      expect(JSON.stringify(sorted.body)).not.toMatch(/@newsroom\.test/)
    }
  })

  it('select and populate cannot pull user fields into public documents', async () => {
    for (const query of [
      { 'select[author][email]': 'true' },
      { 'select[reviewLog][by]': 'true', depth: 2 },
      { 'populate[users][email]': 'true', depth: 3 },
    ] as Array<Record<string, string | number>>) {
      const { status, body } = await api('GET', `/articles/${liveArticle}`, { query })
      expect(status, JSON.stringify(body).slice(0, 200)).toBeLessThan(500)
      expect(JSON.stringify(body)).not.toMatch(/@newsroom\.test|"email"/)
    }
    // The admin asking the same gets the reviewer's e-mail: the populate itself works.
    const byAdmin = await api('GET', `/articles/${liveArticle}`, {
      token: tokens.admin,
      query: { 'select[reviewLog]': 'true', depth: 1, 'populate[users][email]': 'true' },
    })
    expect(JSON.stringify(byAdmin.body)).toContain(emails.editor)
  })

  it('media and documents at depth 5 carry no user data', async () => {
    for (const collection of ['media', 'documents']) {
      const { status, body } = await api('GET', `/${collection}`, { query: { depth: 5, limit: 100 } })
      expect(status).toBe(200)
      expect(body.docs.length).toBeGreaterThan(0)
      expect(JSON.stringify(body)).not.toMatch(/@newsroom\.test/)
    }
  })
})

describe("the site's own read endpoints (SQL past Payload's access rules)", () => {
  it('serve the published article and never a draft, its review record or its reviewers', async () => {
    const { cmsUrl } = requireStack()
    const draft = await api('POST', '/articles', {
      token: tokens.editor,
      body: {
        title: '权限矩阵草稿独有词甲乙',
        section: 'news',
        summary: '草稿独有词',
        content: lexical('草稿独有词'),
        _status: 'draft',
      },
    })
    expect(draft.status).toBe(201)
    const draftSlug = draft.body.doc.slug as string
    const live = await api('GET', `/articles/${liveArticle}`)
    const liveSlug = live.body.slug as string
    const get = async (path: string) => {
      const response = await fetch(new URL(path, cmsUrl))
      expect(response.status, path).toBe(200)
      return response.text()
    }
    expect(JSON.parse(await get(`/api/article-page?slug=${draftSlug}`)).article).toBeNull()
    const page = await get(`/api/article-page?slug=${liveSlug}`)
    expect(JSON.parse(page).article.id).toBe(liveArticle)
    const lists = [
      page,
      await get('/api/home-page?limit=6'),
      await get('/api/article-list?section=news&limit=20'),
      await get('/api/feed-items?section=news&limit=20'),
      await get('/api/site-index/articles?page=1&limit=1000'),
    ]
    for (const text of lists.slice(1)) expect(text).toContain(liveSlug)
    for (const text of lists) {
      expect(text).not.toContain(draftSlug)
      expect(text).not.toContain(REVIEW_COMMENT)
      expect(text).not.toMatch(/@newsroom\.test|reviewLog|reviewState/)
    }
    expect(JSON.parse(await get(`/api/search?q=${encodeURIComponent('草稿独有词')}`)).docs).toEqual([])
    const found = JSON.parse(await get(`/api/search?q=${encodeURIComponent('审核后发布')}`))
    expect(found.docs.map((d: { id: number }) => d.id)).toContain(liveArticle)
  })
})

describe("Payload's own collections, globals and endpoints", () => {
  it('document locks: staff only, and the lock holder is shown only as far as users may be read', async () => {
    const payload = await getTestPayload()
    await payload.create({
      collection: 'payload-locked-documents',
      data: {
        document: { relationTo: 'articles', value: liveArticle },
        user: { relationTo: 'users', value: ids.editor },
      } as never,
      overrideAccess: true,
    })
    const query = { 'where[document.value][equals]': liveArticle, depth: 2 }
    expect(denied((await api('GET', '/payload-locked-documents', { query })).status)).toBe(true)
    const byAuthor = await api('GET', '/payload-locked-documents', { token: tokens.author, query })
    expect(byAuthor.status).toBe(200)
    expect(byAuthor.body.docs[0].user.value).toBe(ids.editor)
    expect(JSON.stringify(byAuthor.body)).not.toContain(emails.editor)
    const byAdmin = await api('GET', '/payload-locked-documents', { token: tokens.admin, query })
    expect(byAdmin.body.docs[0].user.value.email).toBe(emails.editor)
  })

  it('preferences are private to each account, the admin included', async () => {
    const key = `matrix-pref-${Date.now()}`
    expect(
      (
        await api('POST', `/payload-preferences/${key}`, {
          token: tokens.editor,
          body: { value: { columns: ['秘密'] } },
        })
      ).status,
    ).toBe(200)
    expect((await api('GET', `/payload-preferences/${key}`, { token: tokens.editor })).body.value).toEqual({
      columns: ['秘密'],
    })
    for (const actor of ['anonymous', 'author', 'admin'] as Actor[]) {
      const one = await api('GET', `/payload-preferences/${key}`, { token: tokens[actor] })
      expect(JSON.stringify(one.body)).not.toContain('秘密')
      const all = await api('GET', '/payload-preferences', {
        token: tokens[actor],
        query: { 'where[key][equals]': key },
      })
      expect(denied(all.status) || all.body.totalDocs === 0, `${actor} got ${all.status}`).toBe(true)
    }
  })

  it('the job scheduler\u2019s stats global is closed to every account', async () => {
    const payload = await getTestPayload()
    const before = (await payload.findGlobal({ slug: 'payload-jobs-stats' as never, overrideAccess: true })) as {
      id: number
    }
    for (const actor of ACTORS) {
      expect(denied((await api('GET', '/globals/payload-jobs-stats', { token: tokens[actor] })).status)).toBe(true)
      const write = await api('POST', '/globals/payload-jobs-stats', {
        token: tokens[actor],
        body: { stats: { tampered: true } },
      })
      expect(denied(write.status), `${actor} wrote with ${write.status}`).toBe(true)
    }
    const after = (await payload.findGlobal({ slug: 'payload-jobs-stats' as never, overrideAccess: true })) as {
      id: number
    }
    expect(JSON.stringify(after)).not.toContain('tampered')
    expect(after.id).toBe(before.id)
  })

  it.each([
    ['anonymous', false],
    ['author', false],
    ['editor', false],
    ['admin', true],
  ] as Array<[Actor, boolean]>)('running the job queues by hand: %s allowed %s', async (actor, allowed) => {
    for (const path of ['/payload-jobs/run', '/payload-jobs/handle-schedules']) {
      const { status } = await api('GET', path, { token: tokens[actor], query: { queue: 'matrix-never-run' } })
      if (allowed) expect(status, path).toBe(200)
      else expect(denied(status), `${path}: ${status}`).toBe(true)
    }
  })

  it('migrations have no REST door at all', async () => {
    for (const actor of ACTORS) {
      const { status } = await api('GET', '/payload-migrations', { token: tokens[actor] })
      expect([404, 501], `${actor} got ${status}`).toContain(status)
    }
  })

  it('site settings: everyone reads, only the admin writes, nobody reads versions it does not keep', async () => {
    for (const actor of ACTORS) {
      expect((await api('GET', '/globals/site-settings', { token: tokens[actor] })).status).toBe(200)
      const versions = await api('GET', '/globals/site-settings/versions', { token: tokens[actor] })
      expect(versions.status, `${actor}: ${JSON.stringify(versions.body).slice(0, 200)}`).toBeLessThan(500)
      expect(versions.body.docs ?? []).toEqual([])
    }
    const payload = await getTestPayload()
    const before = await payload.findGlobal({ slug: 'site-settings', overrideAccess: true })
    for (const actor of ['anonymous', 'author', 'editor'] as Actor[]) {
      const { status } = await api('POST', '/globals/site-settings', {
        token: tokens[actor],
        body: { siteName: '被篡改' },
      })
      expect(denied(status)).toBe(true)
    }
    expect((await payload.findGlobal({ slug: 'site-settings', overrideAccess: true })).siteName).toBe(before.siteName)
    const byAdmin = await api('POST', '/globals/site-settings', {
      token: tokens.admin,
      body: { siteName: before.siteName },
    })
    expect(byAdmin.status).toBe(200)
  })

  it('collections without versions answer their versions endpoint without a 500 and without documents', async () => {
    for (const collection of ['topics', 'pages', 'media', 'users', 'subscribers', 'audit-log', 'redirects']) {
      for (const actor of ACTORS) {
        const { status, body } = await api('GET', `/${collection}/versions`, { token: tokens[actor] })
        expect(status, `${actor} ${collection}: ${JSON.stringify(body).slice(0, 200)}`).toBeLessThan(500)
        expect(body.docs ?? [], `${actor} ${collection}`).toEqual([])
      }
    }
  })

  it('GraphQL (a SPEC URL) applies the same collection and field rules as REST, for every account', async () => {
    const { cmsUrl, admin } = requireStack()
    const ask = async (actor: Actor) => {
      const response = await fetch(`${cmsUrl}/api/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(tokens[actor] ? { authorization: `JWT ${tokens[actor]}` } : {}),
        },
        body: JSON.stringify({
          query: `{ Users { docs { email } } Article(id: ${liveArticle}) { title reviewLog { comment } } }`,
        }),
      })
      expect(response.status, actor).toBeLessThan(500)
      return response.text()
    }
    for (const actor of ACTORS) {
      const text = await ask(actor)
      // Only the admin lists other accounts; staff see their own, readers none.
      if (actor === 'admin') expect(text).toContain(admin.email)
      else expect(text, actor).not.toContain(admin.email)
      // The review record is for staff (the same field rule REST obeys).
      if (actor === 'anonymous') expect(text).not.toContain(REVIEW_COMMENT)
      else expect(text, actor).toContain(REVIEW_COMMENT)
    }
  })
})
