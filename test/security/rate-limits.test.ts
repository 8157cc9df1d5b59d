/**
 * Rate limits as an attacker meets them: password guessing on
 * POST /api/users/login, hammering search (the CMS endpoint and the site's
 * /search page) and preview links with made-up tokens. 429 with Retry-After,
 * Chinese messages, counters in PostgreSQL. Every case uses its own client
 * address (X-Forwarded-For; the test site trusts one proxy) and fresh accounts,
 * so the shared admin other suites log in with is never locked.
 */
import { createHmac, randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff, lexical, requireStack } from '../support/api'

/** An address of its own for each case (RFC 2544's benchmarking range; the database is fresh each run). */
let addresses = 0
const freshAddress = () => {
  addresses++
  // 100.64.0.0/10 (shared address space): no other suite uses it, so no other test's requests share these counters.
  return `100.64.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`
}

type Reply = { status: number; body: any; headers: Headers }

async function cms(method: string, path: string, address: string, body?: unknown): Promise<Reply> {
  const response = await fetch(new URL(`/api${path}`, requireStack().cmsUrl), {
    method,
    headers: {
      accept: 'application/json',
      'x-forwarded-for': address,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {}
  return { status: response.status, body: parsed, headers: response.headers }
}

const login = (address: string, email: string, password: string) =>
  cms('POST', '/users/login', address, { email, password })

async function site(path: string, address: string) {
  const response = await fetch(new URL(path, requireStack().siteUrl), {
    headers: { 'x-forwarded-for': address },
    redirect: 'manual',
  })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

function expectRetryAfter(headers: Headers, atMostSeconds: number) {
  const retryAfter = Number(headers.get('retry-after'))
  expect(Number.isInteger(retryAfter), `Retry-After: ${headers.get('retry-after')}`).toBe(true)
  expect(retryAfter).toBeGreaterThan(0)
  expect(retryAfter).toBeLessThanOrEqual(atMostSeconds)
}

describe('login', () => {
  let staff: { email: string; password: string }

  beforeAll(async () => {
    const created = await createStaff('author')
    // createStaff does not return the password; give the account one we know.
    const password = `Pw-${randomUUID()}`
    const admin = await api('POST', '/users/login', { body: requireStack().admin })
    const updated = await api('PATCH', `/users/${created.id}`, { token: admin.body.token, body: { password } })
    expect(updated.status).toBe(200)
    staff = { email: created.email, password }
  })

  it('answers 429 with Retry-After after 30 failed logins from one address, before checking any password', async () => {
    const address = freshAddress()
    for (let i = 0; i < 30; i++) {
      const attempt = await login(address, `nobody-${randomUUID().slice(0, 8)}@newsroom.test`, 'wrong-password')
      expect(attempt.status, `attempt ${i + 1}`).toBe(401)
    }
    const blocked = await login(address, `nobody-${randomUUID().slice(0, 8)}@newsroom.test`, 'wrong-password')
    expect(blocked.status).toBe(429)
    expectRetryAfter(blocked.headers, 15 * 60)
    expect(blocked.body.errors[0].message).toMatch(/登录失败次数过多.*分钟后再试/)
    // Even the right password is not checked from that address now: a guesser learns nothing more.
    expect((await login(address, staff.email, staff.password)).status).toBe(429)
    // Everyone else logs in as usual.
    expect((await login(freshAddress(), staff.email, staff.password)).status).toBe(200)
  })

  it('never counts successful logins: staff behind one address log in as often as they like', async () => {
    const address = freshAddress()
    for (let i = 0; i < 35; i++) {
      expect((await login(address, staff.email, staff.password)).status, `login ${i + 1}`).toBe(200)
    }
    expect((await login(address, 'nobody@newsroom.test', 'wrong-password')).status).toBe(401)
  })

  it('locks the account after 5 failures (Payload) and answers 429 per e-mail after 10, from any address', async () => {
    const target = await createStaff('author')
    for (let i = 0; i < 5; i++) {
      expect((await login(freshAddress(), target.email, 'wrong-password')).status, `failure ${i + 1}`).toBe(401)
    }
    // Payload's own lockout (auth.maxLoginAttempts): the account is locked, not the address.
    const locked = await login(freshAddress(), target.email, 'wrong-password')
    expect(locked.status).toBe(401)
    expect(JSON.stringify(locked.body)).toMatch(/锁定|locked/i)
    for (let i = 6; i < 10; i++) {
      expect((await login(freshAddress(), target.email, 'wrong-password')).status, `failure ${i + 1}`).toBe(401)
    }
    const blocked = await login(freshAddress(), target.email, 'wrong-password')
    expect(blocked.status).toBe(429)
    expectRetryAfter(blocked.headers, 60 * 60)
    expect(blocked.body.errors[0].message).toMatch(/登录失败次数过多/)
    // Other accounts are unaffected.
    expect((await login(freshAddress(), staff.email, staff.password)).status).toBe(200)
  })
})

describe('search', () => {
  const query = (i: number) => `科技 限流${i}`

  it('answers 429 with Retry-After on /api/search after 60 searches a minute from one address', async () => {
    const address = freshAddress()
    for (let i = 0; i < 60; i++) {
      const reply = await cms('GET', `/search?q=${encodeURIComponent(query(i))}`, address)
      expect(reply.status, `search ${i + 1}: ${JSON.stringify(reply.body)}`).toBe(200)
    }
    const blocked = await cms('GET', `/search?q=${encodeURIComponent(query(60))}`, address)
    expect(blocked.status).toBe(429)
    expectRetryAfter(blocked.headers, 60)
    expect(blocked.body.code).toBe('RATE_LIMITED')
    expect(blocked.body.errors[0].message).toMatch(/搜索过于频繁.*秒后再试/)
    expect((await cms('GET', `/search?q=${encodeURIComponent(query(61))}`, freshAddress())).status).toBe(200)
  })

  it('leaves processes on the CMS host alone (loopback), however often they search', async () => {
    for (let i = 0; i < 65; i++) {
      const reply = await cms('GET', `/search?q=${encodeURIComponent(query(i))}`, '127.0.0.1')
      expect(reply.status, `search ${i + 1}`).toBe(200)
    }
  })

  it("limits the site's /search page per reader (forwarded address), with a Chinese 429 page", async () => {
    const reader = freshAddress()
    // Distinct queries: a repeated one is answered from the site's response cache, which costs nothing.
    const tag = randomUUID().slice(0, 6)
    for (let i = 0; i < 60; i++) {
      const page = await site(`/search?q=${encodeURIComponent(`${query(i)} ${tag}`)}`, reader)
      expect(page.status, `search page ${i + 1}`).toBe(200)
    }
    const blocked = await site(`/search?q=${encodeURIComponent(`${query(60)} ${tag}`)}`, reader)
    expect(blocked.status).toBe(429)
    expectRetryAfter(blocked.headers, 60)
    expect(blocked.headers.get('cache-control')).toMatch(/no-store/)
    expect(blocked.text).toMatch(/搜索过于频繁，请 \d+ 秒后再试。/)
    expect(blocked.text).toContain('<html lang="zh-CN"')
    // Another reader of the same site instance is served.
    const other = await site(`/search?q=${encodeURIComponent(`${query(60)} ${tag}`)}`, freshAddress())
    expect(other.status).toBe(200)
  })
})

describe('preview', () => {
  let articleId: number
  let validToken: string

  beforeAll(async () => {
    const editor = await createStaff('editor')
    const created = await api('POST', '/articles', {
      token: editor.token,
      body: { title: `预览限流测试 ${randomUUID().slice(0, 6)}`, section: 'notice', content: lexical('草稿。') },
    })
    expect(created.status).toBe(201)
    articleId = created.body.doc.id
    // The CMS's default PREVIEW_SECRET (cms/src/collections/Articles/endpoints/previewArticle.ts), as the admin's 预览 button signs.
    const secret = createHmac('sha256', requireStack().payloadSecret).update('newsroom preview links').digest('hex')
    const expires = Math.floor(Date.now() / 1000) + 3600
    const signature = createHmac('sha256', secret)
      .update(`newsroom-preview:v1:articles:${articleId}:${expires}`)
      .digest('base64url')
    validToken = `${articleId}.${expires}.${signature}`
  })

  const forged = () =>
    `${articleId}.${Math.floor(Date.now() / 1000) + 3600}.${randomUUID().replace(/-/g, '').padEnd(43, 'A').slice(0, 43)}`

  it('answers 429 with Retry-After after 30 refused tokens from one address; valid links still open', async () => {
    const address = freshAddress()
    for (let i = 0; i < 30; i++) {
      expect((await cms('GET', `/articles/preview?token=${forged()}`, address)).status, `token ${i + 1}`).toBe(403)
    }
    const blocked = await cms('GET', `/articles/preview?token=${forged()}`, address)
    expect(blocked.status).toBe(429)
    expectRetryAfter(blocked.headers, 10 * 60)
    expect(blocked.body.errors[0].message).toMatch(/操作过于频繁/)
    // An editor's real link is never counted nor refused.
    expect((await cms('GET', `/articles/preview?token=${validToken}`, address)).status).toBe(200)
  })

  it("answers the site's /preview with a Chinese 429 page once a reader sent too many made-up links", async () => {
    const reader = freshAddress()
    for (let i = 0; i < 30; i++) {
      expect((await site(`/preview?token=${forged()}`, reader)).status, `link ${i + 1}`).toBe(403)
    }
    const blocked = await site(`/preview?token=${forged()}`, reader)
    expect(blocked.status).toBe(429)
    expectRetryAfter(blocked.headers, 10 * 60)
    expect(blocked.text).toMatch(/访问过于频繁/)
    expect(blocked.text).toMatch(/请 \d+ 分钟后再试/)
    expect((await site(`/preview?token=${validToken}`, reader)).status).toBe(200)
  })
})
