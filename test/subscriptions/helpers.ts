/** Fixtures for the subscription suites: topics, published articles and subscribers, made the way staff make them. */
import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import { api, lexical } from '../support/api'
import { getTestPayload } from '../support/payload'

export async function createTopic(token: string, name = `订阅测试专题${randomUUID().slice(0, 6)}`) {
  const slug = `sub-test-${randomUUID().slice(0, 8)}`
  const { status, body } = await api('POST', '/topics', { token, body: { name, slug } })
  expect(status, JSON.stringify(body)).toBe(201)
  return body.doc as { id: number; name: string; slug: string }
}

export async function publishArticle(
  token: string,
  {
    title,
    topics,
    summary = '订阅测试摘要。',
    status = 'published',
  }: { title: string; topics: number[]; summary?: string; status?: string },
) {
  const { status: code, body } = await api('POST', '/articles', {
    token,
    body: { title, section: 'news', summary, topics, content: lexical(`${title}的正文。`), _status: status },
  })
  expect(code, JSON.stringify(body)).toBe(201)
  return body.doc as { id: number; slug: string; title: string }
}

type SubscriberInput = {
  email: string
  topics?: number[]
  allTopics?: boolean
  frequency?: 'immediate' | 'weekly'
  state?: 'pending' | 'active' | 'unsubscribed' | 'bouncing'
  source?: string
}

/** A subscriber as if they had signed up and confirmed long ago (the Local API, like an import). */
export async function addSubscriber(input: SubscriberInput) {
  const payload = await getTestPayload()
  return payload.create({
    collection: 'subscribers',
    data: {
      topics: [],
      allTopics: false,
      frequency: 'immediate',
      state: 'active',
      consentAt: new Date().toISOString(),
      source: '测试导入',
      ...input,
    },
    overrideAccess: true,
  })
}

export async function subscriberByEmail(email: string) {
  const payload = await getTestPayload()
  const { docs } = await payload.find({
    collection: 'subscribers',
    where: { email: { equals: email.toLowerCase() } },
    depth: 0,
    overrideAccess: true,
  })
  return docs[0] ?? null
}

export async function mailingOf(articleId: number) {
  const payload = await getTestPayload()
  const { docs } = await payload.find({
    collection: 'mailings',
    where: { article: { equals: articleId } },
    depth: 0,
    overrideAccess: true,
  })
  return docs[0] ?? null
}

export async function deliveriesOf(mailingId: number) {
  const payload = await getTestPayload()
  const { docs } = await payload.find({
    collection: 'deliveries',
    where: { mailing: { equals: mailingId } },
    depth: 0,
    limit: 1000,
    overrideAccess: true,
  })
  return docs
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
}
