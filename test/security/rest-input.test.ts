/**
 * A NUL byte (\u0000) in REST query values: PostgreSQL text cannot hold one, so
 * before the fix every such query was a database error (500). Now each
 * collection answers 400 with a clear message, before any SQL runs.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { adminToken, api } from '../support/api'

let admin: string

beforeAll(async () => {
  admin = await adminToken()
})

/** One text field per public-API collection; the admin may read all of them. */
const COLLECTIONS = [
  ['articles', 'title'],
  ['topics', 'name'],
  ['media', 'alt'],
  ['documents', 'title'],
  ['pages', 'title'],
  ['users', 'email'],
  ['subscribers', 'email'],
  ['redirects', 'from'],
] as const

/** The query check's own message (lib/rejectNulInQueries.ts), not the database error mapped after the fact. */
const NUL_MESSAGE = /^查询条件含有不允许的字符（\\u0000 空字符）/

describe('NUL bytes in where', () => {
  it.each(COLLECTIONS)('%s: equals and like with a NUL answer 400 with a clear message', async (collection, field) => {
    for (const operator of ['equals', 'like', 'contains', 'not_equals']) {
      const { status, body } = await api('GET', `/${collection}`, {
        token: admin,
        query: { [`where[${field}][${operator}]`]: 'a\u0000b' },
      })
      expect(status, `${collection} ${operator}: ${JSON.stringify(body)}`).toBe(400)
      expect(body.errors?.[0]?.message).toMatch(NUL_MESSAGE)
    }
    // The same query without the NUL is fine: the check is about the byte, not the field.
    const clean = await api('GET', `/${collection}`, { token: admin, query: { [`where[${field}][equals]`]: 'ab' } })
    expect(clean.status).toBe(200)
  })

  it('anonymous readers get the same 400 on public collections', async () => {
    const { status, body } = await api('GET', '/articles', { query: { 'where[slug][equals]': '\u0000' } })
    expect(status).toBe(400)
    expect(body.errors?.[0]?.message).toMatch(NUL_MESSAGE)
  })

  it('catches a NUL nested in and/or, in "in" lists and in count, versions and bulk updates', async () => {
    const cases: Array<[string, string, Record<string, string>]> = [
      ['GET', '/articles', { 'where[and][0][or][0][title][equals]': 'x\u0000' }],
      ['GET', '/topics', { 'where[slug][in]': 'a,b\u0000' }],
      ['GET', '/articles/count', { 'where[title][equals]': '\u0000' }],
      ['GET', '/articles/versions', { 'where[version.title][equals]': '\u0000' }],
      ['PATCH', '/topics', { 'where[name][equals]': '\u0000' }],
      ['DELETE', '/topics', { 'where[name][equals]': '\u0000' }],
    ]
    for (const [method, path, query] of cases) {
      const { status, body } = await api(method, path, {
        token: admin,
        query,
        ...(method === 'PATCH' ? { body: { description: '不应被修改' } } : {}),
      })
      expect(status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400)
      expect(body.errors?.[0]?.message).toMatch(NUL_MESSAGE)
    }
  })

  it('answers 400, not 500, to a NUL in a document field', async () => {
    const { status, body } = await api('POST', '/topics', {
      token: admin,
      body: { name: '空字符\u0000专题', slug: `nul-${Date.now()}` },
    })
    expect(status, JSON.stringify(body)).toBe(400)
    expect(body.errors?.[0]?.message).toMatch(/^提交的内容或查询条件含有不允许的字符/)
  })
})
