/**
 * Subscriber data is personal (PIPL): the access matrix for subscribers, the
 * send ledger, announcements, link tokens, rate-limit counters and the CSV
 * export, as anonymous / author / editor / admin meet it through REST.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { adminToken, api, createStaff, requireStack } from '../support/api'
import { uniqueEmail } from '../support/mail'
import { addSubscriber, createTopic } from './helpers'

type Actor = 'anonymous' | 'author' | 'editor' | 'admin'
const ACTORS: Actor[] = ['anonymous', 'author', 'editor', 'admin']
const tokens: Record<Actor, string | undefined> = { anonymous: undefined, author: '', editor: '', admin: '' }
const denied = (status: number) => [401, 403, 404].includes(status)
const trickyEmail = uniqueEmail('csv')

beforeAll(async () => {
  tokens.admin = await adminToken()
  tokens.editor = (await createStaff('editor')).token
  tokens.author = (await createStaff('author')).token
  const topic = await createTopic(tokens.editor as string, `导出测试专题${Date.now() % 10000}`)
  await addSubscriber({ email: trickyEmail, topics: [topic.id], source: '=HYPERLINK("http://evil.example","点我")' })
})

const readers: Record<string, Actor[]> = {
  subscribers: ['editor', 'admin'],
  deliveries: ['editor', 'admin'],
  mailings: ['editor', 'admin'],
  'subscription-tokens': [],
  'rate-limits': [],
}

describe.each(Object.entries(readers))('%s', (collection, allowed) => {
  it.each(ACTORS)('%s reads only if allowed', async (actor) => {
    const { status, body } = await api('GET', `/${collection}`, { token: tokens[actor], query: { limit: 1 } })
    if (allowed.includes(actor)) expect(status).toBe(200)
    else expect(denied(status), `${actor} got ${status}: ${JSON.stringify(body).slice(0, 200)}`).toBe(true)
  })

  if (collection !== 'subscribers') {
    it.each(ACTORS)('%s cannot write it', async (actor) => {
      const { status } = await api('POST', `/${collection}`, {
        token: tokens[actor],
        body: { kind: 'article', state: 'sent' },
      })
      expect(denied(status)).toBe(true)
    })
  }
})

describe('subscribers: no back doors', () => {
  it('authors cannot reach subscriber data through the ledger, GraphQL or filters', async () => {
    const viaLedger = await api('GET', '/deliveries', { token: tokens.author, query: { depth: 2 } })
    expect(denied(viaLedger.status)).toBe(true)
    const filtered = await api('GET', '/mailings', {
      token: tokens.author,
      query: { 'where[deliveries.subscriber.email][exists]': 'true' },
    })
    expect(denied(filtered.status)).toBe(true)
    const { cmsUrl } = requireStack()
    const graphql = await fetch(`${cmsUrl}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `JWT ${tokens.author}` },
      body: JSON.stringify({ query: '{ Subscribers { docs { email } } }' }),
    })
    const result = (await graphql.json()) as {
      data?: { Subscribers?: { docs?: unknown[] } | null }
      errors?: unknown[]
    }
    expect(result.data?.Subscribers?.docs ?? []).toHaveLength(0)
  })
})

describe('CSV export', () => {
  it.each([
    ['anonymous', 401],
    ['author', 403],
  ] as Array<[Actor, number]>)('%s is refused with %i', async (actor, status) => {
    const { cmsUrl } = requireStack()
    const response = await fetch(`${cmsUrl}/api/subscribers/export`, {
      headers: tokens[actor] ? { authorization: `JWT ${tokens[actor]}` } : {},
    })
    expect(response.status).toBe(status)
    expect(await response.text()).not.toContain('@')
  })

  it.each(['editor', 'admin'] as Actor[])(
    '%s downloads every subscriber as UTF-8 CSV, formulas neutralised',
    async (actor) => {
      const { cmsUrl } = requireStack()
      const response = await fetch(`${cmsUrl}/api/subscribers/export`, {
        headers: { authorization: `JWT ${tokens[actor]}` },
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toContain('text/csv')
      expect(response.headers.get('content-disposition')).toMatch(
        /attachment; filename="subscribers-\d{4}-\d{2}-\d{2}\.csv"/,
      )
      const bytes = new Uint8Array(await response.arrayBuffer())
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const text = new TextDecoder().decode(bytes)
      const lines = text.trim().split('\r\n')
      expect(lines[0]).toContain('"电子邮箱","状态","推送频率","订阅专题"')
      const row = lines.find((l) => l.includes(trickyEmail))
      expect(row).toBeTruthy()
      expect(row).toContain('"已订阅","即时推送","导出测试专题')
      expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`)
    },
  )
})

describe('staff views in the admin', () => {
  const page = async (path: string, actor: Actor) => {
    const { cmsUrl } = requireStack()
    // Payload takes a cookie only from its own pages (CSRF): say so, as the browser does.
    const response = await fetch(`${cmsUrl}${path}`, {
      headers: { cookie: `payload-token=${tokens[actor]}`, 'sec-fetch-site': 'same-origin' },
    })
    return { status: response.status, html: await response.text() }
  }

  it('the subscribers list shows counts per state and topic, and the CSV export', async () => {
    const { status, html } = await page('/admin/collections/subscribers', 'editor')
    expect(status).toBe(200)
    expect(html).toContain('按专题（已订阅 / 全部）')
    expect(html).toContain('导出测试专题')
    expect(html).toContain('/api/subscribers/export')
  })

  it('an announcement shows its delivery log', async () => {
    const { docs } = await api('GET', '/mailings', { token: tokens.editor, query: { limit: 1, depth: 0 } }).then(
      (r) => r.body,
    )
    expect(docs.length).toBe(1)
    const { status, html } = await page(`/admin/collections/mailings/${docs[0].id}`, 'editor')
    expect(status).toBe(200)
    expect(html).toContain('投递记录')
  })
})
