/**
 * A subscriber's whole life through the public pages and real SMTP:
 * subscribe → one confirmation mail → the GET confirm page changes nothing →
 * POST confirm → an article in a subscribed topic → exactly one mail with the
 * right headers and links → preference change → one-click unsubscribe →
 * nothing more. Around it: pending addresses are never mailed, a subscriber of
 * several matching topics gets one mail, corrections mail nobody.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff, requireStack } from '../support/api'
import {
  expectExactly,
  linksIn,
  mailsTo,
  readerIp,
  SETTLE_MS,
  site,
  sleep,
  tokenOf,
  uniqueEmail,
  waitForMail,
} from '../support/mail'
import {
  addSubscriber,
  createTopic,
  deliveriesOf,
  mailingOf,
  publishArticle,
  subscriberByEmail,
  until,
} from './helpers'

let editor: string
let topicA: { id: number; name: string; slug: string }
let topicB: { id: number; name: string; slug: string }

beforeAll(async () => {
  editor = (await createStaff('editor')).token
  topicA = await createTopic(editor, `生命周期专题A${Date.now() % 10000}`)
  topicB = await createTopic(editor, `生命周期专题B${Date.now() % 10000}`)
})

describe('the whole life of a subscription', () => {
  const email = uniqueEmail('life')
  const ip = readerIp()
  let manageUrl = ''
  let unsubscribeUrl = ''
  const control = uniqueEmail('control')
  const pending = uniqueEmail('pending')

  it('subscribing answers "check your mailbox" and sends exactly one confirmation mail', async () => {
    const posted = await site('POST', '/subscribe', {
      ip,
      form: { email, topics: [topicA.slug], frequency: 'immediate' },
    })
    expect(posted.status).toBe(303)
    expect(posted.headers.get('location')).toBe('/subscribe?sent=1')
    const page = await site('GET', '/subscribe?sent=1', { ip })
    expect(page.status).toBe(200)
    expect(page.html).toContain('请查收邮件')

    const subscriber = await subscriberByEmail(email)
    expect(subscriber?.state).toBe('pending')
    expect(subscriber?.consentAt).toBeFalsy()

    const [mail] = await expectExactly(email, 1)
    expect(mail.subject).toContain('请确认订阅')
    expect(mail.from).toContain('普陀区科技企业联合会')
    expect(mail.text).toContain(topicA.name)
    const { siteUrl } = requireStack()
    expect(linksIn(mail).confirm?.startsWith(`${siteUrl}/subscribe/confirm?token=`)).toBe(true)
    expect(mail.html).toContain('确认订阅')
  })

  it('posting the form again the same day sends no second confirmation, and looks the same', async () => {
    const again = await site('POST', '/subscribe', {
      ip,
      form: { email, topics: [topicA.slug], frequency: 'immediate' },
    })
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe('/subscribe?sent=1')
    await expectExactly(email, 1)
  })

  it('opening the confirmation link (GET, as a link scanner would) changes nothing', async () => {
    const [mail] = await mailsTo(email)
    const confirmPath = new URL(linksIn(mail).confirm ?? '').pathname + new URL(linksIn(mail).confirm ?? '').search
    for (let i = 0; i < 3; i++) {
      const page = await site('GET', confirmPath, { ip })
      expect(page.status).toBe(200)
      expect(page.html).toContain('确认订阅')
      expect(page.html).toContain('method="post"')
      expect(page.headers.get('cache-control')).toContain('no-store')
      expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    }
    expect((await subscriberByEmail(email))?.state).toBe('pending')
  })

  it('the POST confirms, records consent, and offers a manage link', async () => {
    const [mail] = await mailsTo(email)
    const token = tokenOf(linksIn(mail).confirm)
    const confirmed = await site('POST', `/subscribe/confirm?token=${token}`, { ip, form: { token } })
    expect(confirmed.status).toBe(200)
    expect(confirmed.html).toContain('订阅成功')
    expect(confirmed.html).toContain('/subscription?token=')
    const subscriber = await subscriberByEmail(email)
    expect(subscriber?.state).toBe('active')
    expect(subscriber?.consentAt).toBeTruthy()
  })

  it('an article in a subscribed topic arrives once, with the right headers and links; pending addresses get nothing', async () => {
    await addSubscriber({ email: control, topics: [topicA.id] })
    // A pending sign-up for the same topic, never confirmed.
    expect(
      (await site('POST', '/subscribe', { form: { email: pending, topics: [topicA.slug], frequency: 'immediate' } }))
        .status,
    ).toBe(303)
    await waitForMail(pending, 1)

    const title = '生命周期：<script>alert("x")</script> 科技小巨人申报启动'
    const article = await publishArticle(editor, { title, topics: [topicA.id], summary: '摘要 & <b>不加粗</b>' })
    const [confirmation, mail] = await expectExactly(email, 2)
    expect(confirmation.subject).toContain('请确认订阅')
    expect(mail.subject).toBe(title)
    expect(mail.from).toContain('普陀区科技企业联合会')
    // Escaped in HTML, never live markup.
    expect(mail.html).not.toContain('<script>alert')
    expect(mail.html).toContain('&lt;script&gt;')
    expect(mail.html).not.toContain('<b>不加粗</b>')
    expect(mail.text).toContain(title)

    const { siteUrl } = requireStack()
    const links = linksIn(mail)
    expect(links.articles).toContain(`${siteUrl}/articles/${article.slug}`)
    expect(mail.html).toContain(`${siteUrl}/articles/${article.slug}`)
    manageUrl = links.manage ?? ''
    unsubscribeUrl = links.unsubscribe ?? ''
    expect(manageUrl.startsWith(`${siteUrl}/subscription?token=`)).toBe(true)
    expect(unsubscribeUrl.startsWith(`${siteUrl}/unsubscribe?token=`)).toBe(true)
    // RFC 2369 / RFC 8058 one-click.
    expect(mail.headers['list-unsubscribe']).toBe(`<${unsubscribeUrl}>`)
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click')
    expect(mail.messageId).toMatch(/^<delivery-\d+@/)

    await waitForMail(control, 1)
    expect(await mailsTo(pending)).toHaveLength(1)
    const mailing = await mailingOf(article.id)
    const rows = await deliveriesOf(mailing!.id)
    const pendingSubscriber = await subscriberByEmail(pending)
    expect(rows.some((r) => r.subscriber === pendingSubscriber?.id)).toBe(false)
  })

  it('the manage link changes topics without a password; one mail for an article in two subscribed topics', async () => {
    const path = new URL(manageUrl).pathname + new URL(manageUrl).search
    const page = await site('GET', path, { ip })
    expect(page.status).toBe(200)
    expect(page.html).toContain('管理订阅')
    expect(page.html).not.toContain(email) // the address is shown masked
    const saved = await site('POST', path, {
      ip,
      form: { token: tokenOf(manageUrl), topics: [topicA.slug, topicB.slug], frequency: 'immediate' },
    })
    expect(saved.status).toBe(200)
    expect(saved.html).toContain('已保存')
    const subscriber = await subscriberByEmail(email)
    expect([...((subscriber?.topics ?? []) as number[])].sort()).toEqual([topicA.id, topicB.id].sort())

    const article = await publishArticle(editor, { title: '生命周期：两个专题的文章', topics: [topicA.id, topicB.id] })
    const mails = await expectExactly(email, 3)
    expect(mails[2].subject).toBe('生命周期：两个专题的文章')
    const mailing = await mailingOf(article.id)
    expect((await deliveriesOf(mailing!.id)).filter((d) => d.subscriber === subscriber?.id)).toHaveLength(1)
  })

  it('a correction, and an unpublish followed by a re-publish, mail nobody', async () => {
    const article = await publishArticle(editor, { title: '生命周期：待更正的文章', topics: [topicA.id] })
    await expectExactly(email, 4)
    const fix = await api('PATCH', `/articles/${article.id}`, {
      token: editor,
      body: { title: '生命周期：已更正的文章' },
    })
    expect(fix.status).toBe(200)
    expect((await api('PATCH', `/articles/${article.id}`, { token: editor, body: { _status: 'draft' } })).status).toBe(
      200,
    )
    expect(
      (await api('PATCH', `/articles/${article.id}`, { token: editor, body: { _status: 'published' } })).status,
    ).toBe(200)
    await expectExactly(email, 4)
    const mailing = await mailingOf(article.id)
    expect(mailing?.recipients).toBeGreaterThanOrEqual(2)
  })

  it('RFC 8058 one-click unsubscribe: a bare POST of List-Unsubscribe=One-Click to the header URL', async () => {
    const path = new URL(unsubscribeUrl).pathname + new URL(unsubscribeUrl).search
    // GET shows one button and changes nothing.
    const page = await site('GET', path)
    expect(page.status).toBe(200)
    expect(page.html).toContain('退订')
    expect((await subscriberByEmail(email))?.state).toBe('active')

    const oneClick = await site('POST', path, { body: 'List-Unsubscribe=One-Click', ip: '203.0.113.250' })
    expect(oneClick.status).toBe(200)
    expect(oneClick.html).toContain('您已退订')
    const subscriber = await subscriberByEmail(email)
    expect(subscriber?.state).toBe('unsubscribed')
    expect(subscriber?.unsubscribedAt).toBeTruthy()
    // A provider retrying the POST gets the same answer.
    expect((await site('POST', path, { body: 'List-Unsubscribe=One-Click' })).status).toBe(200)
  })

  it('after unsubscribing, new articles mail nothing (while others still get them)', async () => {
    const before = (await mailsTo(control)).length
    const article = await publishArticle(editor, { title: '生命周期：退订之后的文章', topics: [topicA.id, topicB.id] })
    await waitForMail(control, before + 1)
    await sleep(SETTLE_MS)
    expect(await mailsTo(email)).toHaveLength(4)
    const subscriber = await subscriberByEmail(email)
    const mailing = await until('the mailing', () => mailingOf(article.id))
    expect((await deliveriesOf(mailing.id)).some((d) => d.subscriber === subscriber?.id)).toBe(false)
  })

  it('a subscriber of all topics gets articles of any topic, once', async () => {
    const all = uniqueEmail('all-topics')
    await addSubscriber({ email: all, allTopics: true })
    await publishArticle(editor, { title: '生命周期：给全部专题订阅者', topics: [topicB.id] })
    const mails = await expectExactly(all, 1)
    expect(mails[0].subject).toBe('生命周期：给全部专题订阅者')
  })

  it('articles published with notifications disabled (seeding, imports) mail nobody, and their corrections neither', async () => {
    const { getTestPayload } = await import('../support/payload')
    const payload = await getTestPayload()
    const quiet = uniqueEmail('quiet')
    await addSubscriber({ email: quiet, allTopics: true })
    const doc = await payload.create({
      collection: 'articles',
      data: { title: '生命周期：导入的文章', section: 'news', topics: [topicA.id], _status: 'published' } as never,
      context: { disableNotifications: true, disableRevalidate: true },
      overrideAccess: true,
    })
    expect((await mailingOf(doc.id))?.state).toBe('suppressed')
    await payload.update({
      collection: 'articles',
      id: doc.id,
      data: { _status: 'draft' } as never,
      overrideAccess: true,
    })
    await payload.update({
      collection: 'articles',
      id: doc.id,
      data: { _status: 'published' } as never,
      overrideAccess: true,
    })
    await expectExactly(quiet, 0)
  })
})
