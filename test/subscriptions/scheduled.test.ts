/**
 * An article the schedule publishes (nobody at the keyboard) mails its topic's
 * immediate subscribers exactly like one published by hand: once, with title,
 * summary, hero image and link, in an HTML and a plain-text part.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff, lexical, requireStack } from '../support/api'
import { expectExactly, linksIn, mailsTo, uniqueEmail } from '../support/mail'
import { queueScheduledPublish } from '../support/payload'
import { addSubscriber, createTopic } from './helpers'

let editor: { id: number; token: string }

beforeAll(async () => {
  editor = await createStaff('editor')
})

describe('scheduled publishing', () => {
  it('mails each immediate subscriber of the topic once, with summary, hero image and link', async () => {
    const { siteUrl } = requireStack()
    const topic = await createTopic(editor.token)
    const reader = uniqueEmail('scheduled')
    const weekly = uniqueEmail('scheduled-weekly')
    await addSubscriber({ email: reader, topics: [topic.id] })
    await addSubscriber({ email: weekly, topics: [topic.id], frequency: 'weekly' })
    const hero = (await api('GET', '/media', { query: { limit: 1, depth: 0 } })).body.docs[0] as { id: number }
    expect(hero).toBeTruthy()

    const title = '定时发布推送测试：专精特新企业认定通知'
    const summary = '定时发布的文章也要按专题推送给订阅者。'
    const created = await api('POST', '/articles', {
      token: editor.token,
      body: {
        title,
        summary,
        section: 'notice',
        topics: [topic.id],
        heroImage: hero.id,
        content: lexical('定时发布正文。'),
      },
    })
    expect(created.status).toBe(201)
    const id = created.body.doc.id as number
    expect(await mailsTo(reader)).toHaveLength(0)

    // What the admin's schedule drawer queues; the CMS's job cron (every 10 s) runs it.
    await queueScheduledPublish(id, editor.id, { waitUntil: new Date(Date.now() + 500) })

    const [mail] = await expectExactly(reader, 1)
    const article = (await api('GET', `/articles/${id}`, { query: { depth: 0 } })).body
    expect(article._status).toBe('published')
    expect(mail!.subject).toBe(title)
    expect(mail!.text).toContain(summary)
    expect(mail!.html).toContain(summary)
    expect(linksIn(mail!).articles).toContain(`${siteUrl}/articles/${article.slug}`)
    // The hero as an absolute image URL that answers with an image.
    const src = /<img[^>]+src="(https?:\/\/[^"]+)"/.exec(mail!.html)?.[1]
    expect(src).toBeTruthy()
    const image = await fetch(src!.replace(/&amp;/g, '&'))
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toMatch(/^image\//)
    // Weekly subscribers wait for their digest.
    expect(await mailsTo(weekly)).toHaveLength(0)
  }, 90_000)
})
