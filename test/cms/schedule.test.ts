/**
 * Scheduled publishing: the admin's "schedule publish" queues Payload's
 * schedulePublish job; the running CMS's job cron must pick it up on its own.
 */
import { describe, expect, it } from 'vitest'
import { api, createStaff, lexical } from '../support/api'
import { getTestPayload, queueScheduledPublish } from '../support/payload'

describe('scheduled publishing', () => {
  it('publishes a draft at its scheduled time without anyone visiting the CMS', async () => {
    const editor = await createStaff('editor')
    const created = await api('POST', '/articles', {
      token: editor.token,
      body: { title: '定时发布：2016年科技小巨人申报提醒', section: 'notice', content: lexical('定时发布测试。') },
    })
    expect(created.status).toBe(201)
    const id = created.body.doc.id
    expect((await api('GET', `/articles/${id}`)).status).toBe(404)

    // What the admin's schedule drawer does: queue the job with the editor as the scheduling user.
    await queueScheduledPublish(id, editor.id, { waitUntil: new Date(Date.now() + 1500) })

    const deadline = Date.now() + 45_000
    let status = 404
    while (Date.now() < deadline) {
      status = (await api('GET', `/articles/${id}`)).status
      if (status === 200) break
      await new Promise((r) => setTimeout(r, 500))
    }
    expect(status).toBe(200)
    const live = await api('GET', `/articles/${id}`)
    expect(live.body._status).toBe('published')
    expect(live.body.publishedAt).toBeTruthy()
  })

  it('an author’s scheduled publish is refused when it runs (authors cannot publish)', async () => {
    const author = await createStaff('author')
    const created = await api('POST', '/articles', {
      token: author.token,
      body: { title: '作者尝试定时发布', section: 'news', content: lexical('不应发布。') },
    })
    const id = created.body.doc.id
    const payload = await getTestPayload()
    const job = await queueScheduledPublish(id, author.id, { queue: 'author-schedule-test' })
    await payload.jobs.run({ queue: 'author-schedule-test' })
    const after = await payload.findByID({ collection: 'payload-jobs', id: job.id, overrideAccess: true })
    expect(after.hasError).toBe(true)
    expect((await api('GET', `/articles/${id}`)).status).toBe(404)
  })
})
