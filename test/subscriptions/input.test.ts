/**
 * What the public form gets for bad input and floods: a 400 with a clear
 * Chinese message and nothing stored; a 429 with Retry-After, per reader
 * address and per e-mail address; and never a hint of who is subscribed.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff } from '../support/api'
import { expectExactly, readerIp, site, uniqueEmail } from '../support/mail'
import { addSubscriber, createTopic, subscriberByEmail } from './helpers'

let topic: { id: number; slug: string; name: string }

beforeAll(async () => {
  topic = await createTopic((await createStaff('editor')).token)
})

describe('the sign-up form', () => {
  it('renders without JavaScript: a plain POST form with every topic', async () => {
    const page = await site('GET', '/subscribe')
    expect(page.status).toBe(200)
    expect(page.html).toContain('<form')
    expect(page.html).toContain('method="post"')
    expect(page.html).toContain('name="email"')
    expect(page.html).toContain(`value="${topic.slug}"`)
    expect(page.html).toContain('value="weekly"')
    expect(page.html).not.toMatch(/<script[^>]+src="[^"]*entry\.client/)
  })

  it('pre-ticks a topic linked from its topic page', async () => {
    const page = await site('GET', `/subscribe?topic=${topic.slug}`)
    expect(page.html).toMatch(new RegExp(`value="${topic.slug}"[^>]*checked|checked[^>]*value="${topic.slug}"`))
  })
})

describe('bad input: 400, a clear message, nothing stored', () => {
  const cases: Array<[string, Record<string, string | string[]>, string]> = [
    ['an invalid address', { email: 'not-an-address', topics: ['all'], frequency: 'immediate' }, '电子邮箱格式不正确'],
    ['an empty address', { email: '', topics: ['all'], frequency: 'immediate' }, '请填写电子邮箱'],
    [
      'a header-injection attempt (CR/LF)',
      { email: 'victim@example.com\r\nBcc: many@example.com', topics: ['all'], frequency: 'immediate' },
      '不允许的字符',
    ],
    [
      'an over-long address',
      { email: `${'a'.repeat(300)}@example.com`, topics: ['all'], frequency: 'immediate' },
      '过长',
    ],
    [
      'an unknown topic',
      { email: 'unknown-topic@newsroom.test', topics: ['no-such-topic'], frequency: 'immediate' },
      '没有这些专题',
    ],
    ['no topic at all', { email: 'no-topic@newsroom.test', frequency: 'immediate' }, '请至少选择一个专题'],
    [
      'a frequency that does not exist',
      { email: 'daily@newsroom.test', topics: ['all'], frequency: 'daily' },
      '推送频率',
    ],
  ]

  it.each(cases)('%s', async (_name, form, message) => {
    const response = await site('POST', '/subscribe', { form })
    expect(response.status).toBe(400)
    expect(response.html).toContain(message)
    expect(response.headers.get('cache-control')).toContain('no-store')
    const email = String(form.email).split(/[\r\n]/)[0]
    if (email.length <= 254) expect(await subscriberByEmail(email)).toBeNull()
  })

  it('an oversized post (20 KB) is refused before it is read', async () => {
    const response = await site('POST', '/subscribe', {
      form: {
        email: 'big@newsroom.test',
        topics: Array.from({ length: 2000 }, (_, i) => `topic-${i}`),
        frequency: 'weekly',
      },
    })
    expect(response.status).toBe(400)
    expect(response.html).toContain('过长')
    expect(await subscriberByEmail('big@newsroom.test')).toBeNull()
  })

  it('the CMS endpoint itself refuses bad JSON and wrong types with field errors', async () => {
    const wrong = await api('POST', '/subscriptions/subscribe', {
      body: { email: ['a@b.cn'], topics: 'all', frequency: 1 },
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'frequency', 'topics'])
  })
})

describe('nobody learns who is subscribed', () => {
  it('a new, a pending, an active and an unsubscribed address get the same answer', async () => {
    const active = uniqueEmail('known-active')
    const gone = uniqueEmail('known-gone')
    await addSubscriber({ email: active, topics: [topic.id] })
    await addSubscriber({ email: gone, topics: [topic.id], state: 'unsubscribed' })
    const pending = uniqueEmail('known-pending')
    await site('POST', '/subscribe', { form: { email: pending, topics: [topic.slug], frequency: 'immediate' } })
    const answers: Array<{ status: number; location: string | null; body: string }> = []
    for (const email of [uniqueEmail('brand-new'), pending, active, gone]) {
      const r = await site('POST', '/subscribe', { form: { email, topics: [topic.slug], frequency: 'weekly' } })
      answers.push({ status: r.status, location: r.headers.get('location'), body: r.html })
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1)
    // The active address's owner is told in their own mailbox, and keeps their settings.
    const [notice] = await expectExactly(active, 1)
    expect(notice.subject).toContain('您已订阅')
    expect((await subscriberByEmail(active))?.frequency).toBe('immediate')
    expect((await subscriberByEmail(active))?.state).toBe('active')
  })

  it('an address is mailed at most one confirmation a day, whatever is posted', async () => {
    const email = uniqueEmail('daily-limit')
    for (let i = 0; i < 4; i++) {
      const r = await site('POST', '/subscribe', {
        form: { email, topics: [topic.slug], frequency: i % 2 ? 'weekly' : 'immediate' },
      })
      expect(r.status).toBe(303)
    }
    await expectExactly(email, 1)
  })

  it('records where a sign-up came from, including a partner site embedding the form', async () => {
    const email = uniqueEmail('partner')
    const { siteUrl } = (await import('../support/api')).requireStack()
    const response = await fetch(new URL('/subscribe', siteUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://partner.example.org',
        'x-forwarded-for': readerIp(),
      },
      body: new URLSearchParams({ email, topics: topic.slug, frequency: 'weekly' }).toString(),
    })
    expect(response.status).toBe(303)
    expect((await subscriberByEmail(email))?.source).toBe('合作网站 https://partner.example.org')
  })
})

describe('flooding: 429 with Retry-After', () => {
  it('from one reader address (any input counts)', async () => {
    const ip = readerIp()
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) {
      const r = await site('POST', '/subscribe', {
        ip,
        form: { email: `flood-${i}`, topics: ['all'], frequency: 'weekly' },
      })
      statuses.push(r.status)
      if (r.status === 429) {
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
        expect(r.html).toContain('操作过于频繁')
      }
    }
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true)
    expect(statuses[20]).toBe(429)
    // Another reader is not affected.
    expect(
      (await site('POST', '/subscribe', { form: { email: 'x', topics: ['all'], frequency: 'weekly' } })).status,
    ).toBe(400)
  })

  it('for one e-mail address, from many reader addresses', async () => {
    const email = uniqueEmail('flood-one')
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await site('POST', '/subscribe', { form: { email, topics: [topic.slug], frequency: 'weekly' } })).status,
      )
    }
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429])
    await expectExactly(email, 1)
  })

  it('token pages are limited per reader address too', async () => {
    const ip = readerIp()
    let last = 0
    for (let i = 0; i < 121 && last !== 429; i++) {
      last = (await site('GET', '/subscribe/confirm?token=not-a-token-at-all', { ip })).status
    }
    // Every lookup counts, malformed or not: guessing tokens is a flood like any other.
    expect(last).toBe(429)
  })
})
