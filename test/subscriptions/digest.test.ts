/**
 * The weekly digest: each active `weekly` subscriber gets one mail listing the
 * week's published articles in their topics, nobody gets an empty one, and
 * running the week again sends nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { weekContaining } from '../../cms/src/subscriptions/week'
import { createStaff } from '../support/api'
import { expectExactly, linksIn, mailsTo, SETTLE_MS, sleep, uniqueEmail, waitForMail } from '../support/mail'
import { getTestPayload } from '../support/payload'
import { addSubscriber, createTopic, publishArticle } from './helpers'

const week = weekContaining(new Date())
let titles: { x: string; y: string; xy: string; draft: string }
const people = {
  x: uniqueEmail('digest-x'),
  y: uniqueEmail('digest-y'),
  all: uniqueEmail('digest-all'),
  quietTopic: uniqueEmail('digest-empty'),
  immediate: uniqueEmail('digest-immediate'),
  left: uniqueEmail('digest-left'),
  pending: uniqueEmail('digest-pending'),
}

async function runDigest(weekKey: string) {
  const payload = await getTestPayload()
  // What the Monday schedule does, for this week instead of the last one.
  await payload.jobs.queue({ task: 'weeklyDigest', input: { week: weekKey }, queue: 'mail' })
}

beforeAll(async () => {
  const editor = (await createStaff('editor')).token
  const [x, y, z] = [await createTopic(editor), await createTopic(editor), await createTopic(editor)]
  await addSubscriber({ email: people.x, topics: [x.id], frequency: 'weekly' })
  await addSubscriber({ email: people.y, topics: [y.id], frequency: 'weekly' })
  await addSubscriber({ email: people.all, allTopics: true, frequency: 'weekly' })
  await addSubscriber({ email: people.quietTopic, topics: [z.id], frequency: 'weekly' })
  await addSubscriber({ email: people.immediate, topics: [x.id], frequency: 'immediate' })
  await addSubscriber({ email: people.left, topics: [x.id], frequency: 'weekly', state: 'unsubscribed' })
  await addSubscriber({ email: people.pending, topics: [x.id], frequency: 'weekly', state: 'pending' })
  titles = {
    x: '摘要：知识产权质押融资新政',
    y: '摘要：园区合作签约仪式',
    xy: '摘要：两专题共同关注的通知',
    draft: '摘要：尚未发布的草稿',
  }
  await publishArticle(editor, { title: titles.x, topics: [x.id], summary: '知识产权 <em>摘要</em>' })
  await publishArticle(editor, { title: titles.y, topics: [y.id] })
  await publishArticle(editor, { title: titles.xy, topics: [x.id, y.id] })
  await publishArticle(editor, { title: titles.draft, topics: [x.id], status: 'draft' })
  // The immediate subscriber's two mails are out before the digest runs.
  await waitForMail(people.immediate, 2)
  await runDigest(week.key)
})

describe('weekly digest', () => {
  it('lists exactly the week’s published articles in the subscriber’s topics', async () => {
    const [mail] = await expectExactly(people.x, 1)
    expect(mail.subject).toContain('每周摘要')
    expect(mail.text).toContain(titles.x)
    expect(mail.text).toContain(titles.xy)
    expect(mail.text).not.toContain(titles.y)
    expect(mail.text).not.toContain(titles.draft)
    expect(mail.text).toContain('2 篇新文章')
    expect(mail.html).toContain('&lt;em&gt;摘要&lt;/em&gt;')
    expect(linksIn(mail).articles).toHaveLength(2)
    expect(mail.headers['list-unsubscribe']).toMatch(/^<.+\/unsubscribe\?token=[A-Za-z0-9_-]{43}>$/)
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click')
  })

  it('each weekly subscriber gets their own selection; "all topics" gets everything', async () => {
    const [y] = await expectExactly(people.y, 1, 0)
    expect(y.text).toContain(titles.y)
    expect(y.text).toContain(titles.xy)
    expect(y.text).not.toContain(titles.x)
    const [all] = await expectExactly(people.all, 1, 0)
    for (const title of [titles.x, titles.y, titles.xy]) expect(all.text).toContain(title)
    expect(all.text).not.toContain(titles.draft)
  })

  it('nobody gets an empty digest; immediate, unsubscribed and pending addresses get none', async () => {
    expect(await mailsTo(people.quietTopic)).toHaveLength(0)
    expect(await mailsTo(people.left)).toHaveLength(0)
    expect(await mailsTo(people.pending)).toHaveLength(0)
    const immediate = await mailsTo(people.immediate)
    expect(immediate).toHaveLength(2)
    expect(immediate.every((m) => !m.subject.includes('每周摘要'))).toBe(true)
  })

  it('running the same week again sends nothing more', async () => {
    await runDigest(week.key)
    await sleep(SETTLE_MS)
    expect(await mailsTo(people.x)).toHaveLength(1)
    expect(await mailsTo(people.all)).toHaveLength(1)
  })
})
