/**
 * The review chain in the admin itself, in a real browser: an editor logs in,
 * finds the article waiting on the dashboard, opens it and approves it with
 * the sidebar's button; readers then see it.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff, lexical, requireStack } from '../support/api'
import { launchChromium } from '../support/chromium'

let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
})

describe('review in the admin', () => {
  it('shows the queue on the dashboard and approves from the article sidebar', async () => {
    const { cmsUrl } = requireStack()
    const author = await createStaff('author')
    const editor = await createStaff('editor')
    const title = `后台审核按钮测试${Date.now()}`
    const created = await api('POST', '/articles', {
      token: author.token,
      query: { draft: 'true' },
      body: { title, section: 'news', content: lexical('后台审核。'), _status: 'draft' },
    })
    const id = created.body.doc.id as number
    expect(
      (await api('POST', `/articles/${id}/review`, { token: author.token, body: { action: 'submit' } })).status,
    ).toBe(200)

    const context = await browser.newContext({ locale: 'zh-CN' })
    // The admin reads the JWT from its cookie: give the browser the editor's session.
    await context.addCookies([
      { name: 'payload-token', value: editor.token, url: cmsUrl, httpOnly: true, sameSite: 'Lax' },
    ])
    const page = await context.newPage()
    await page.goto(`${cmsUrl}/admin`, { waitUntil: 'networkidle' })
    const queue = page.getByRole('heading', { name: /待我审核/ })
    await expect.poll(() => queue.count(), { timeout: 30_000 }).toBe(1)
    await page.getByRole('link', { name: title }).click()
    await page.waitForURL(`**/admin/collections/articles/${id}`)
    await page.getByRole('button', { name: '终审通过并发布' }).click()
    await expect
      .poll(async () => (await api('GET', `/articles/${id}`, { query: { depth: 0 } })).status, { timeout: 30_000 })
      .toBe(200)
    await context.close()
  }, 120_000)
})
