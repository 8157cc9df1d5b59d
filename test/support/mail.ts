/**
 * Reading what the stack's loopback SMTP server received (test/support/smtp.ts)
 * and driving the public subscription pages as a reader's browser would:
 * urlencoded form posts, no JavaScript, a reader address in X-Forwarded-For
 * (the test site trusts one proxy hop) so each case has its own rate-limit bucket.
 */
import { createHash, randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import { requireStack } from './api'
import type { ReceivedMail, SmtpMode } from './smtp'

export type { ReceivedMail }

export const uniqueEmail = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@newsroom.test`

let ipCounter = 0
/** A fresh documentation-range address (RFC 5737) per call. */
export function readerIp(): string {
  ipCounter++
  return `198.51.${(process.pid + ipCounter) % 250}.${(ipCounter * 7) % 250 || 1}`
}

export async function mailsTo(address: string, { raw = false } = {}): Promise<ReceivedMail[]> {
  const { smtp } = requireStack()
  const query = `to=${encodeURIComponent(address.toLowerCase())}${raw ? '&raw=1' : ''}`
  const response = await fetch(`${smtp.controlUrl}/messages?${query}`)
  return (await response.json()) as ReceivedMail[]
}

export async function setSmtpMode(mode: SmtpMode): Promise<void> {
  const { smtp } = requireStack()
  await fetch(`${smtp.controlUrl}/mode`, { method: 'POST', body: JSON.stringify(mode) })
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until `address` has received at least `count` mails; returns them all. */
export async function waitForMail(address: string, count = 1, timeoutMs = 45_000): Promise<ReceivedMail[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const mails = await mailsTo(address)
    if (mails.length >= count) return mails
    if (Date.now() > deadline)
      throw new Error(`${address} received ${mails.length} mail(s), expected ${count} within ${timeoutMs} ms`)
    await sleep(300)
  }
}

/** Long enough for the CMS's mail queue (polled every 5 s) to have sent anything it was going to. */
export const SETTLE_MS = 8_000

/** Asserts `address` ends up with exactly `count` mails, giving stragglers time to show up. */
export async function expectExactly(address: string, count: number, settleMs = SETTLE_MS): Promise<ReceivedMail[]> {
  if (count > 0) await waitForMail(address, count)
  await sleep(settleMs)
  const mails = await mailsTo(address)
  expect(mails.map((m) => m.subject)).toHaveLength(count)
  return mails
}

export type MailLinks = { confirm?: string; manage?: string; unsubscribe?: string; articles: string[] }

/** The links a mail's plain-text part carries (our mails list every link in the text part too). */
export function linksIn(mail: ReceivedMail): MailLinks {
  const urls = mail.text.match(/https?:\/\/[^\s<>"）]+/g) ?? []
  const find = (path: string) => urls.find((u) => new URL(u).pathname === path)
  return {
    confirm: find('/subscribe/confirm'),
    manage: find('/subscription'),
    unsubscribe: find('/unsubscribe'),
    articles: urls.filter((u) => new URL(u).pathname.startsWith('/articles/')),
  }
}

export const tokenOf = (url: string | undefined): string => {
  if (!url) throw new Error('no link')
  return new URL(url).searchParams.get('token') ?? ''
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export type SiteResponse = { status: number; html: string; headers: Headers }

/** A reader's request to the site: GET, or a POST of a urlencoded form. Redirects are returned, not followed. */
export async function site(
  method: 'GET' | 'POST',
  path: string,
  {
    form,
    ip = readerIp(),
    body,
    contentType,
  }: { form?: Record<string, string | string[]>; ip?: string; body?: string; contentType?: string } = {},
): Promise<SiteResponse> {
  const { siteUrl } = requireStack()
  let payload = body
  if (form) {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(form))
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v)
    payload = params.toString()
  }
  const response = await fetch(new URL(path, siteUrl), {
    method,
    redirect: 'manual',
    headers: {
      'x-forwarded-for': ip,
      ...(payload !== undefined ? { 'content-type': contentType ?? 'application/x-www-form-urlencoded' } : {}),
    },
    body: payload,
  })
  return { status: response.status, html: await response.text(), headers: response.headers }
}
