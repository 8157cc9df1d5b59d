/**
 * Links in mail are the only keys to a subscription: forged, malformed,
 * reused, expired or wrong-purpose tokens open nothing and change nothing.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff, requireStack } from '../support/api'
import { expectExactly, hashToken, linksIn, readerIp, site, tokenOf, uniqueEmail, waitForMail } from '../support/mail'
import { getTestPayload } from '../support/payload'
import { addSubscriber, createTopic, publishArticle, subscriberByEmail, until } from './helpers'

let db: pg.Client
let topic: { id: number; slug: string; name: string }
let editor: string

async function signUp(email: string) {
  const posted = await site('POST', '/subscribe', { form: { email, topics: [topic.slug], frequency: 'weekly' } })
  expect(posted.status).toBe(303)
  const [mail] = await waitForMail(email, 1)
  return tokenOf(linksIn(mail).confirm)
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: requireStack().databaseUrl })
  await db.connect()
  editor = (await createStaff('editor')).token
  topic = await createTopic(editor)
})
afterAll(() => db.end())

describe('confirmation tokens', () => {
  it('are stored only as SHA-256 hashes', async () => {
    const email = uniqueEmail('hashed')
    const token = await signUp(email)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const raw = await db.query('SELECT count(*)::int AS n FROM subscription_tokens WHERE token_hash = $1', [token])
    expect(raw.rows[0].n).toBe(0)
    const hashed = await db.query(
      "SELECT purpose, expires_at > now() + interval '6 days' AS week FROM subscription_tokens WHERE token_hash = $1",
      [hashToken(token)],
    )
    expect(hashed.rows).toEqual([{ purpose: 'confirm', week: true }])
  })

  it('a forged token opens nothing (404) and a malformed one is a 400', async () => {
    const forged = randomBytes(32).toString('base64url')
    const page = await site('GET', `/subscribe/confirm?token=${forged}`)
    expect(page.status).toBe(404)
    expect(page.html).toContain('链接无效')
    expect(page.html).not.toContain('确认订阅</button>')
    expect((await site('POST', `/subscribe/confirm?token=${forged}`, { form: { token: forged } })).status).toBe(404)
    expect((await site('GET', '/subscribe/confirm?token=abc')).status).toBe(400)
    expect((await site('GET', `/subscribe/confirm?token=${'A'.repeat(5000)}`)).status).toBe(400)
    expect((await site('GET', '/subscribe/confirm')).status).toBe(400)
    expect((await site('POST', `/unsubscribe?token=${forged}`, { body: 'List-Unsubscribe=One-Click' })).status).toBe(
      404,
    )
    expect((await site('GET', `/subscription?token=${forged}`)).status).toBe(404)
  })

  it('is single-use: the second POST is refused (410) and changes nothing', async () => {
    const email = uniqueEmail('reuse')
    const token = await signUp(email)
    const first = await site('POST', `/subscribe/confirm?token=${token}`, { form: { token } })
    expect(first.status).toBe(200)
    expect((await subscriberByEmail(email))?.state).toBe('active')
    const second = await site('POST', `/subscribe/confirm?token=${token}`, { form: { token } })
    expect(second.status).toBe(410)
    expect(second.html).toContain('已经使用过')
    expect((await site('GET', `/subscribe/confirm?token=${token}`)).status).toBe(410)
  })

  it('expires: an old link shows a 410 with a way forward, and confirms nothing', async () => {
    const email = uniqueEmail('expired')
    const token = await signUp(email)
    await db.query("UPDATE subscription_tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = $1", [
      hashToken(token),
    ])
    const page = await site('GET', `/subscribe/confirm?token=${token}`)
    expect(page.status).toBe(410)
    expect(page.html).toContain('已过期')
    expect((await site('POST', `/subscribe/confirm?token=${token}`, { form: { token } })).status).toBe(410)
    expect((await subscriberByEmail(email))?.state).toBe('pending')
  })

  it('concurrent POSTs of one token confirm once', async () => {
    const email = uniqueEmail('race')
    const token = await signUp(email)
    const results = await Promise.all(
      Array.from({ length: 5 }, () => site('POST', `/subscribe/confirm?token=${token}`, { form: { token } })),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410, 410, 410])
  })
})

describe('tokens serve only their purpose', () => {
  let manage = ''
  let unsubscribe = ''
  const email = uniqueEmail('purpose')

  beforeAll(async () => {
    await addSubscriber({ email, topics: [topic.id] })
    await publishArticle(editor, { title: '令牌用途测试文章', topics: [topic.id] })
    const [mail] = await waitForMail(email, 1)
    manage = tokenOf(linksIn(mail).manage)
    unsubscribe = tokenOf(linksIn(mail).unsubscribe)
  })

  it('a manage or unsubscribe token cannot confirm, an unsubscribe token cannot manage', async () => {
    expect((await site('POST', `/subscribe/confirm?token=${manage}`, { form: { token: manage } })).status).toBe(404)
    expect(
      (await site('POST', `/subscribe/confirm?token=${unsubscribe}`, { form: { token: unsubscribe } })).status,
    ).toBe(404)
    expect((await site('GET', `/subscription?token=${unsubscribe}`)).status).toBe(404)
    const posted = await site('POST', `/subscription?token=${unsubscribe}`, {
      form: { token: unsubscribe, topics: ['all'], frequency: 'weekly' },
    })
    expect(posted.status).toBe(404)
    const subscriber = await subscriberByEmail(email)
    expect(subscriber?.allTopics).toBe(false)
    expect(subscriber?.frequency).toBe('immediate')
  })

  it('the GET pages change nothing; a multipart one-click POST unsubscribes', async () => {
    for (const path of [`/unsubscribe?token=${unsubscribe}`, `/subscription?token=${manage}`]) {
      const page = await site('GET', path)
      expect(page.status).toBe(200)
      expect(page.headers.get('cache-control')).toContain('no-store')
      expect(page.headers.get('x-robots-tag')).toBe('noindex')
    }
    expect((await subscriberByEmail(email))?.state).toBe('active')
    const boundary = '----newsroom-test'
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`
    const done = await site('POST', `/unsubscribe?token=${unsubscribe}`, {
      body,
      contentType: `multipart/form-data; boundary=${boundary}`,
    })
    expect(done.status).toBe(200)
    expect((await subscriberByEmail(email))?.state).toBe('unsubscribed')
  })

  it('the manage link can resume a stopped subscription', async () => {
    const resumed = await site('POST', `/subscription?token=${manage}`, {
      ip: readerIp(),
      form: { token: manage, topics: [topic.slug], frequency: 'weekly' },
    })
    expect(resumed.status).toBe(200)
    expect(resumed.html).toContain('已恢复订阅')
    const subscriber = await subscriberByEmail(email)
    expect(subscriber?.state).toBe('active')
    expect(subscriber?.frequency).toBe('weekly')
    await expectExactly(email, 1, 0)
  })
})

describe('pending sign-ups expire', () => {
  it('an unconfirmed address is forgotten once its link has expired; a fresh one and confirmed ones stay', async () => {
    const stale = uniqueEmail('stale-pending')
    const fresh = uniqueEmail('fresh-pending')
    const confirmed = uniqueEmail('old-active')
    const staleToken = await signUp(stale)
    await signUp(fresh)
    await addSubscriber({ email: confirmed, topics: [topic.id] })
    // Nine days pass for two of them: the stale sign-up's 7-day link ran out two days ago.
    await db.query(
      "UPDATE subscribers SET created_at = now() - interval '9 days', confirmation_requested_at = now() - interval '9 days' WHERE email IN ($1, $2)",
      [stale, confirmed],
    )
    await db.query("UPDATE subscription_tokens SET expires_at = now() - interval '2 days' WHERE token_hash = $1", [
      hashToken(staleToken),
    ])

    // What the hourly schedule runs; the CMS's own mail queue picks it up.
    const payload = await getTestPayload()
    await payload.jobs.queue({ task: 'pruneSubscriptionData', input: {}, queue: 'mail' })
    await until('the stale sign-up forgotten', async () => (await subscriberByEmail(stale)) === null)

    expect((await subscriberByEmail(fresh))?.state).toBe('pending')
    expect((await subscriberByEmail(confirmed))?.state).toBe('active')
    const tokens = await db.query('SELECT count(*)::int AS n FROM subscription_tokens WHERE token_hash = $1', [
      hashToken(staleToken),
    ])
    expect(tokens.rows[0].n).toBe(0)
    // The old link now opens nothing, and the address can start again from the form.
    expect((await site('GET', `/subscribe/confirm?token=${staleToken}`)).status).toBe(404)
    const posted = await site('POST', '/subscribe', {
      form: { email: stale, topics: [topic.slug], frequency: 'weekly' },
    })
    expect(posted.status).toBe(303)
    const mails = await waitForMail(stale, 2)
    const again = tokenOf(linksIn(mails[mails.length - 1]!).confirm)
    expect(again).not.toBe(staleToken)
    const confirmedNow = await site('POST', `/subscribe/confirm?token=${again}`, { form: { token: again } })
    expect(confirmedNow.status).toBe(200)
    expect((await subscriberByEmail(stale))?.state).toBe('active')
  })
})
