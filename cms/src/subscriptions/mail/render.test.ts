import { describe, expect, it } from 'vitest'
import { oneLine, renderArticleMail, renderConfirmationMail, renderDigestMail } from './render'

const ctx = { siteName: '普陀区科技企业联合会', siteUrl: 'https://www.example.org.cn' }
const links = {
  manage: 'https://www.example.org.cn/subscription?token=m',
  unsubscribe: 'https://www.example.org.cn/unsubscribe?token=u',
}
const article = {
  title: '<script>alert(1)</script>“科技小巨人”申报\r\nBcc: x@y.z',
  summary: 'A & B <img src=x onerror=alert(1)>',
  url: 'https://www.example.org.cn/articles/kejixiaojuren',
  heroImageUrl: 'javascript:alert(1)',
  heroImageAlt: '"引号"',
  publishedAt: '2026-11-26T17:00:00Z',
  sectionLabel: '通知公告',
  topicNames: ['项目申报'],
}

describe('subscription mail templates', () => {
  it('escape everything an editor typed, and keep headers on one line', () => {
    const mail = renderArticleMail(ctx, article, links)
    expect(mail.html).not.toContain('<script>')
    expect(mail.html).not.toContain('<img src=x')
    expect(mail.html).toContain('&lt;script&gt;')
    expect(mail.html).not.toContain('javascript:')
    expect(mail.subject).not.toMatch(/[\r\n]/)
    expect(oneLine('a\r\nb\u2028c')).toBe('a b c')
  })

  it('carry RFC 8058 one-click headers and the manage link in both parts', () => {
    const mail = renderArticleMail(ctx, article, links)
    expect(mail.headers['List-Unsubscribe']).toBe(`<${links.unsubscribe}>`)
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    expect(mail.text).toContain(links.manage)
    expect(mail.html).toContain(links.manage)
    expect(mail.text).toContain(article.url)
  })

  it('date articles in China time', () => {
    expect(renderArticleMail(ctx, article, links).text).toContain('2026年11月27日')
  })

  it('the digest lists every article; the confirmation names topics and frequency and has no list headers', () => {
    const digest = renderDigestMail(
      ctx,
      { start: '2026-11-22T16:00:00Z', end: '2026-11-29T16:00:00Z' },
      [article, { ...article, title: '第二篇' }],
      links,
    )
    expect(digest.text).toContain('2 篇新文章')
    expect(digest.subject).toContain('2026年11月23日—2026年11月29日')
    const confirm = renderConfirmationMail(
      ctx,
      { topicNames: ['科技政策'], allTopics: false, frequency: 'weekly' },
      'https://x/c?token=t',
    )
    expect(confirm.text).toContain('科技政策')
    expect(confirm.text).toContain('每周摘要')
    expect(confirm.headers).toEqual({})
  })
})
