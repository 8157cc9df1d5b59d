/**
 * Subscription mails as pure functions: data in, { subject, html, text,
 * headers } out. No database, no transport, so every template is testable and
 * the send loop only fills them. Every value from the CMS is escaped: titles
 * and summaries are typed by people and may contain markup.
 */
import escapeHtml from 'escape-html'

export type MailLinks = { manage: string; unsubscribe: string }

export type ArticleForMail = {
  title: string
  summary?: string | null
  url: string
  heroImageUrl?: string | null
  heroImageAlt?: string | null
  publishedAt?: string | null
  sectionLabel?: string | null
  topicNames: string[]
}

export type RenderedMail = {
  subject: string
  html: string
  text: string
  headers: Record<string, string>
}

export type MailContext = { siteName: string; siteUrl: string }

/** Header values must stay on one line whatever an editor typed. */
export const oneLine = (value: string): string => value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim()

/** Only http(s) URLs go into href/src: a `javascript:` hero URL must not survive into a mail. */
function safeUrl(value: string | null | undefined): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null
  } catch {
    return null
  }
}

export function formatChineseDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  // Readers are in China (UTC+8, no daylight saving); mail is rendered on servers in any zone.
  const cst = new Date(date.getTime() + 8 * 3600_000)
  return `${cst.getUTCFullYear()}年${cst.getUTCMonth() + 1}月${cst.getUTCDate()}日`
}

/** RFC 2369 / RFC 8058: one-click unsubscribe that mail providers can show as a button. */
function listHeaders(ctx: MailContext, links: MailLinks): Record<string, string> {
  return {
    'List-Unsubscribe': `<${links.unsubscribe}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    // ASCII only: nodemailer would encode a Chinese phrase together with the <id>.
    'List-Id': `<newsletter.${new URL(ctx.siteUrl).hostname}>`,
  }
}

function layout(ctx: MailContext, preheader: string, body: string, footer: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(ctx.siteName)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;color:#1f2937;">
<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:6px;">
<tr><td style="padding:20px 28px;border-bottom:3px solid #b91c1c;font-size:18px;font-weight:bold;color:#b91c1c;">
<a href="${escapeHtml(ctx.siteUrl)}/" style="color:#b91c1c;text-decoration:none;">${escapeHtml(ctx.siteName)}</a></td></tr>
<tr><td style="padding:24px 28px;font-size:16px;line-height:1.7;">${body}</td></tr>
<tr><td style="padding:16px 28px;border-top:1px solid #e5e7eb;font-size:13px;line-height:1.6;color:#6b7280;">${footer}</td></tr>
</table></td></tr></table>
</body>
</html>`
}

function listFooterHtml(ctx: MailContext, links: MailLinks, reason: string): string {
  return `${escapeHtml(reason)}<br>
<a href="${escapeHtml(links.manage)}" style="color:#374151;">管理订阅（更改专题或频率）</a> ·
<a href="${escapeHtml(links.unsubscribe)}" style="color:#374151;">退订</a><br>
${escapeHtml(ctx.siteName)} · <a href="${escapeHtml(ctx.siteUrl)}/" style="color:#6b7280;">${escapeHtml(ctx.siteUrl.replace(/^https?:\/\//, ''))}</a>`
}

function listFooterText(ctx: MailContext, links: MailLinks, reason: string): string {
  return `——\n${reason}\n管理订阅（更改专题或频率）：${links.manage}\n退订：${links.unsubscribe}\n${ctx.siteName} ${ctx.siteUrl}/`
}

function button(href: string, label: string): string {
  return `<p style="margin:24px 0;"><a href="${escapeHtml(href)}" style="display:inline-block;padding:10px 22px;background:#b91c1c;color:#ffffff;text-decoration:none;border-radius:4px;font-size:16px;">${escapeHtml(label)}</a></p>`
}

/** A new article, to an `immediate` subscriber. */
export function renderArticleMail(ctx: MailContext, article: ArticleForMail, links: MailLinks): RenderedMail {
  const url = safeUrl(article.url) ?? `${ctx.siteUrl}/`
  const hero = safeUrl(article.heroImageUrl)
  const meta = [article.sectionLabel, formatChineseDate(article.publishedAt), article.topicNames.join('、')]
    .filter(Boolean)
    .join(' · ')
  const reason = `您收到这封邮件，是因为您订阅了${ctx.siteName}的专题推送（即时推送）。`
  const body = `
${hero ? `<p style="margin:0 0 16px;"><a href="${escapeHtml(url)}"><img src="${escapeHtml(hero)}" alt="${escapeHtml(article.heroImageAlt ?? '')}" width="544" style="display:block;width:100%;max-width:544px;height:auto;border:0;border-radius:4px;"></a></p>` : ''}
<h1 style="margin:0 0 8px;font-size:22px;line-height:1.4;"><a href="${escapeHtml(url)}" style="color:#111827;text-decoration:none;">${escapeHtml(article.title)}</a></h1>
${meta ? `<p style="margin:0 0 16px;font-size:13px;color:#6b7280;">${escapeHtml(meta)}</p>` : ''}
${article.summary ? `<p style="margin:0 0 16px;">${escapeHtml(article.summary)}</p>` : ''}
${button(url, '阅读全文')}`
  const text = [
    article.title,
    meta,
    '',
    article.summary ?? '',
    '',
    `阅读全文：${url}`,
    '',
    listFooterText(ctx, links, reason),
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n')
  return {
    subject: oneLine(article.title),
    html: layout(ctx, article.summary ?? article.title, body, listFooterHtml(ctx, links, reason)),
    text,
    headers: listHeaders(ctx, links),
  }
}

/** One week of articles in a `weekly` subscriber's topics. */
export function renderDigestMail(
  ctx: MailContext,
  period: { start: string; end: string },
  articles: ArticleForMail[],
  links: MailLinks,
): RenderedMail {
  const lastDay = new Date(new Date(period.end).getTime() - 1).toISOString()
  const range = `${formatChineseDate(period.start)}—${formatChineseDate(lastDay)}`
  const reason = `您收到这封邮件，是因为您订阅了${ctx.siteName}的专题推送（每周摘要）。`
  const items = articles
    .map((a) => {
      const url = safeUrl(a.url) ?? `${ctx.siteUrl}/`
      const meta = [a.sectionLabel, formatChineseDate(a.publishedAt)].filter(Boolean).join(' · ')
      return `<li style="margin:0 0 18px;"><a href="${escapeHtml(url)}" style="font-size:17px;color:#111827;font-weight:bold;">${escapeHtml(a.title)}</a>
${meta ? `<br><span style="font-size:13px;color:#6b7280;">${escapeHtml(meta)}</span>` : ''}
${a.summary ? `<br><span>${escapeHtml(a.summary)}</span>` : ''}</li>`
    })
    .join('\n')
  const body = `<h1 style="margin:0 0 8px;font-size:20px;">本周摘要</h1>
<p style="margin:0 0 20px;color:#6b7280;font-size:14px;">${escapeHtml(range)}，您订阅的专题共有 ${articles.length} 篇新文章：</p>
<ol style="padding-left:20px;margin:0;">${items}</ol>`
  const text = [
    `本周摘要（${range}），您订阅的专题共有 ${articles.length} 篇新文章：`,
    '',
    ...articles.map((a, i) =>
      [`${i + 1}. ${a.title}`, a.summary ? `   ${a.summary}` : '', `   ${safeUrl(a.url) ?? ctx.siteUrl}`]
        .filter(Boolean)
        .join('\n'),
    ),
    '',
    listFooterText(ctx, links, reason),
  ].join('\n')
  return {
    subject: oneLine(`${ctx.siteName}每周摘要（${range}）`),
    html: layout(ctx, `本周共 ${articles.length} 篇新文章`, body, listFooterHtml(ctx, links, reason)),
    text,
    headers: listHeaders(ctx, links),
  }
}

/** Double opt-in: the only mail a pending address ever gets. */
export function renderConfirmationMail(
  ctx: MailContext,
  subscription: { topicNames: string[]; allTopics: boolean; frequency: 'immediate' | 'weekly' },
  confirmUrl: string,
): RenderedMail {
  const what = subscription.allTopics ? '全部专题' : subscription.topicNames.join('、')
  const how = subscription.frequency === 'weekly' ? '每周摘要' : '即时推送'
  const body = `<h1 style="margin:0 0 12px;font-size:20px;">请确认您的订阅</h1>
<p>有人（希望是您）在${escapeHtml(ctx.siteName)}网站用这个邮箱订阅了以下专题的文章推送：</p>
<p style="padding:12px 16px;background:#f9fafb;border-radius:4px;"><strong>专题：</strong>${escapeHtml(what)}<br><strong>频率：</strong>${how}</p>
<p>请点击下面的按钮，在打开的页面上确认订阅。确认之前，我们不会再给您发送任何邮件。</p>
${button(confirmUrl, '确认订阅')}
<p style="font-size:14px;color:#6b7280;">按钮无法点击时，请把这个链接复制到浏览器打开：<br>${escapeHtml(confirmUrl)}</p>`
  const footer = `此链接 7 天内有效。如果不是您本人操作，请忽略这封邮件，您的邮箱不会被订阅。<br>${escapeHtml(ctx.siteName)}`
  const text = `请确认您的订阅

有人（希望是您）在${ctx.siteName}网站用这个邮箱订阅了以下专题的文章推送：
专题：${what}
频率：${how}

请打开下面的链接，在页面上确认订阅。确认之前，我们不会再给您发送任何邮件：
${confirmUrl}

此链接 7 天内有效。如果不是您本人操作，请忽略这封邮件，您的邮箱不会被订阅。
${ctx.siteName} ${ctx.siteUrl}/`
  return {
    subject: oneLine(`请确认订阅${ctx.siteName}的邮件推送`),
    html: layout(ctx, '请确认您的订阅', body, footer),
    text,
    headers: {},
  }
}

/**
 * Someone asked to subscribe an address that already is: tell its owner and
 * hand them the manage link, instead of telling the form (never reveal who is subscribed).
 */
export function renderAlreadySubscribedMail(ctx: MailContext, links: MailLinks): RenderedMail {
  const reason = '如果不是您本人操作，请忽略这封邮件，您的订阅不会有任何变化。'
  const body = `<h1 style="margin:0 0 12px;font-size:20px;">您已订阅</h1>
<p>有人（希望是您）在${escapeHtml(ctx.siteName)}网站再次提交了这个邮箱的订阅。这个邮箱已经订阅了我们的文章推送，无需再次确认。</p>
<p>如需更改订阅的专题或推送频率，请点击：</p>
${button(links.manage, '管理订阅')}`
  return {
    subject: oneLine(`您已订阅${ctx.siteName}的邮件推送`),
    html: layout(ctx, '您的邮箱已经订阅', body, listFooterHtml(ctx, links, reason)),
    text: `您已订阅\n\n有人（希望是您）在${ctx.siteName}网站再次提交了这个邮箱的订阅。这个邮箱已经订阅了我们的文章推送，无需再次确认。\n\n管理订阅：${links.manage}\n\n${listFooterText(ctx, links, reason)}`,
    headers: listHeaders(ctx, links),
  }
}
