/**
 * The site in a real browser (Debian's Chromium through playwright-core): the
 * pages at 360, 375 and 1280 px without sideways scrolling, axe-core without
 * serious or critical violations, articles readable with JavaScript off, and
 * the 适老化 tools (font size, high contrast, read-aloud rate) working and
 * remembered, copy-link, the print stylesheet, and an editor's draft preview
 * opened from the admin.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff, lexical, requireStack } from '../support/api'
import { launchChromium } from '../support/chromium'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

let browser: Browser
let siteUrl: string
let articleSlug: string
let policySlug: string

beforeAll(async () => {
  siteUrl = requireStack().siteUrl
  browser = await launchChromium()
  const { body } = await api('GET', '/articles', {
    query: {
      limit: 50,
      depth: 0,
      sort: '-publishedAt',
      'where[_status][equals]': 'published',
      'where[heroImage][exists]': 'true',
    },
  })
  articleSlug = body.docs.find((a: { section: string }) => a.section === 'news').slug
  policySlug = body.docs.find((a: { section: string }) => a.section === 'policy').slug
})

afterAll(async () => {
  await browser?.close()
})

async function open(path: string, width: number, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled, locale: 'zh-CN' })
  const page = await context.newPage()
  const response = await page.goto(new URL(path, siteUrl).toString(), { waitUntil: 'load' })
  expect(response?.status(), path).toBeLessThan(500)
  return page
}

const paths = () => [
  '/',
  `/articles/${articleSlug}`,
  `/articles/${policySlug}`,
  '/sections/news',
  '/topics',
  '/archive/2016',
  '/about',
  '/no-such-page',
]

describe('layout', () => {
  for (const width of [360, 375, 1280]) {
    it(`has no sideways scrolling at ${width} px`, async () => {
      for (const path of paths()) {
        const page = await open(path, width)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        expect(overflow, `${path} at ${width} px`).toBeLessThanOrEqual(0)
        await page.context().close()
      }
    })
  }

  it('uses body text of at least 16 px at line height ≥ 1.5', async () => {
    const page = await open(`/articles/${articleSlug}`, 375)
    const { size, lineHeight } = await page.evaluate(() => {
      const style = getComputedStyle(document.querySelector('.prose p')!)
      return {
        size: Number.parseFloat(style.fontSize),
        lineHeight: Number.parseFloat(style.lineHeight) / Number.parseFloat(style.fontSize),
      }
    })
    expect(size).toBeGreaterThanOrEqual(16)
    expect(lineHeight).toBeGreaterThanOrEqual(1.5)
    await page.context().close()
  })
})

describe('accessibility (axe-core)', () => {
  it('has no serious or critical violations, in normal and high-contrast mode', async () => {
    for (const path of paths()) {
      for (const contrast of [false, true]) {
        const page = await open(path, 1280)
        if (contrast) {
          await page.click('[data-contrast-toggle]')
          await expect.poll(() => page.evaluate(() => document.documentElement.dataset.contrast)).toBe('high')
        }
        // Evaluated through DevTools, not as an inline <script>: the site's CSP refuses those (docs/decisions/008).
        await page.evaluate(axeSource)
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: {
                run: (
                  o: unknown,
                ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>
              }
            }
          ).axe
          const result = await axe.run({
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
          })
          return result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
        })
        expect(violations, `${path}${contrast ? ' (high contrast)' : ''}`).toEqual([])
        await page.context().close()
      }
    }
  })
})

describe('without JavaScript', () => {
  it('shows the whole article and hides the tools that would need it', async () => {
    const page = await open(`/articles/${articleSlug}`, 375, false)
    expect(await page.locator('h1').textContent()).toBeTruthy()
    expect(await page.locator('.prose p').count()).toBeGreaterThan(1)
    expect(
      await page.locator('.article-hero img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).toBe(true)
    expect(await page.locator('[data-a11y-toolbar]').isVisible()).toBe(false)
    expect(await page.locator('[data-copy-link]').isVisible()).toBe(false)
    expect(await page.locator('#share-url').inputValue()).toBe(`${siteUrl}/articles/${articleSlug}`)
    await page.context().close()
  })
})

describe('适老化 tools', () => {
  it('A+ and A− change the font size and the choice is remembered', async () => {
    const page = await open(`/articles/${articleSlug}`, 1280)
    const rootSize = () => page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize))
    const initial = await rootSize()
    expect(initial).toBe(18)
    await page.click('[data-font-step="1"]')
    await page.click('[data-font-step="1"]')
    expect(await rootSize()).toBe(22)
    await page.reload()
    await expect.poll(rootSize).toBe(22)
    for (let i = 0; i < 6; i++)
      if (await page.isEnabled('[data-font-step="-1"]')) await page.click('[data-font-step="-1"]')
    expect(await rootSize()).toBe(16)
    expect(await page.isDisabled('[data-font-step="-1"]')).toBe(true)
    await page.context().close()
  })

  it('high contrast switches colours and is remembered', async () => {
    const page = await open('/', 1280)
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(await background()).toBe('rgb(255, 255, 255)')
    await page.click('[data-contrast-toggle]')
    expect(await page.getAttribute('[data-contrast-toggle]', 'aria-pressed')).toBe('true')
    expect(await background()).toBe('rgb(0, 0, 0)')
    await page.goto(new URL('/sections/news', siteUrl).toString())
    await expect.poll(background).toBe('rgb(0, 0, 0)')
    await page.context().close()
  })

  it('read aloud speaks the headline and body in Chinese, at a rate that is remembered', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    // A spy, not a stand-in: every utterance still goes to the browser's own speechSynthesis.
    await context.addInitScript(() => {
      const spoken: { text: string; lang: string; rate: number }[] = []
      Object.assign(window, { __spoken: spoken })
      const speak = SpeechSynthesis.prototype.speak
      SpeechSynthesis.prototype.speak = function (this: SpeechSynthesis, utterance: SpeechSynthesisUtterance) {
        spoken.push({ text: utterance.text, lang: utterance.lang, rate: utterance.rate })
        return speak.call(this, utterance)
      }
    })
    const page = await context.newPage()
    await page.goto(new URL(`/articles/${articleSlug}`, siteUrl).toString(), { waitUntil: 'load' })
    const spoken = () =>
      page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string; rate: number }[] }).__spoken)
    const title = (await page.locator('main h1').textContent())!.trim()
    const paragraph = (await page.locator('.prose p').nth(1).textContent())!.trim()

    await expect.poll(() => page.isVisible('[data-read-aloud]')).toBe(true)
    expect(await page.textContent('[data-speech-rate]')).toBe('语速：正常')
    await page.click('[data-read-aloud]')
    await expect.poll(async () => (await spoken()).length).toBeGreaterThan(1)
    const first = await spoken()
    const text = first.map((u) => u.text).join('')
    expect(first[0]!.text.startsWith(title)).toBe(true)
    expect(text.replace(/\s+/g, '')).toContain(paragraph.replace(/\s+/g, '').slice(0, 30))
    // Only the article: not the menus, the share box or the footer.
    for (const chrome of ['站内搜索', '分享本文', '网站导航']) expect(text).not.toContain(chrome)
    expect(first.every((u) => u.lang === 'zh-CN' && u.rate === 1)).toBe(true)

    // Slower, and still slower on the next page the reader opens.
    await page.click('[data-speech-rate]')
    expect(await page.textContent('[data-speech-rate]')).toBe('语速：慢')
    await page.goto(new URL(`/articles/${policySlug}`, siteUrl).toString(), { waitUntil: 'load' })
    await expect.poll(() => page.textContent('[data-speech-rate]')).toBe('语速：慢')
    if ((await page.getAttribute('[data-read-aloud]', 'aria-pressed')) === 'true') await page.click('[data-read-aloud]')
    await page.click('[data-read-aloud]')
    await expect.poll(async () => (await spoken()).length).toBeGreaterThan(0)
    expect((await spoken()).every((u) => u.rate === 0.75)).toBe(true)
    await context.close()
  })

  it('copy-link puts the article’s address on the clipboard', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'zh-CN' })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: siteUrl })
    const page = await context.newPage()
    await page.goto(new URL(`/articles/${articleSlug}`, siteUrl).toString(), { waitUntil: 'load' })
    await page.click('[data-copy-link]')
    await expect.poll(() => page.textContent('[data-copy-link]')).toBe('已复制')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${siteUrl}/articles/${articleSlug}`)
    expect(await page.textContent('[data-a11y-status]')).toContain('链接已复制')
    await context.close()
  })

  it('prints the article without the site’s tools, menus and share box', async () => {
    const page = await open(`/articles/${articleSlug}`, 1280)
    await page.emulateMedia({ media: 'print' })
    for (const selector of ['[data-a11y-toolbar]', '.site-nav', '.header-search', '.share-box', '.skip-link'])
      expect(await page.locator(selector).first().isVisible(), selector).toBe(false)
    expect(await page.locator('main h1').isVisible()).toBe(true)
    expect(await page.locator('.prose p').first().isVisible()).toBe(true)
    // Black on white whatever the reader chose on screen.
    await page.emulateMedia({ media: 'screen' })
    await page.click('[data-contrast-toggle]')
    await page.emulateMedia({ media: 'print' })
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)')
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.prose p')!).color)).toBe('rgb(0, 0, 0)')
    const pdf = await page.pdf({ format: 'A4' })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    await page.context().close()
  })

  it('ships at most 20 KB of JavaScript on an article page', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    let bytes = 0
    page.on('response', async (response) => {
      if (response.request().resourceType() === 'script') bytes += (await response.body()).length
    })
    await page.goto(new URL(`/articles/${articleSlug}`, siteUrl).toString(), { waitUntil: 'networkidle' })
    // Uncompressed bytes: the budget is for compressed ones, so this is stricter than SPEC.
    expect(bytes).toBeGreaterThan(0)
    expect(bytes).toBeLessThanOrEqual(20 * 1024)
    await context.close()
  })
})

describe('preview from the admin', () => {
  it('the 预览 link on a draft opens it on the real site, marked as a preview and kept out of caches and indexes', async () => {
    const { cmsUrl } = requireStack()
    const editor = await createStaff('editor')
    const title = `后台预览测试草稿${Date.now()}`
    const created = await api('POST', '/articles', {
      token: editor.token,
      query: { draft: 'true' },
      body: { title, section: 'notice', content: lexical('只有编辑在预览里看得到的正文。'), _status: 'draft' },
    })
    expect(created.status).toBe(201)
    const id = created.body.doc.id as number

    const context = await browser.newContext({ locale: 'zh-CN' })
    await context.addCookies([
      { name: 'payload-token', value: editor.token, url: cmsUrl, httpOnly: true, sameSite: 'Lax' },
    ])
    const admin = await context.newPage()
    await admin.goto(`${cmsUrl}/admin/collections/articles/${id}`, { waitUntil: 'networkidle' })
    const link = admin.getByRole('link', { name: '预览' })
    await expect.poll(() => link.count(), { timeout: 30_000 }).toBe(1)
    const opened = context.waitForEvent('page')
    const answered = context.waitForEvent('response', (r) => new URL(r.url()).pathname === '/preview')
    await link.click()
    const [preview, response] = [await opened, await answered]
    await preview.waitForLoadState('load')
    expect(new URL(preview.url()).origin).toBe(siteUrl)
    expect(new URL(preview.url()).pathname).toBe('/preview')
    expect(response.status()).toBe(200)
    expect(response.headers()['cache-control']).toBe('private, no-store')
    expect(response.headers()['x-robots-tag']).toMatch(/noindex/)
    expect(await preview.locator('main h1').textContent()).toBe(title)
    expect(await preview.locator('.preview-banner').textContent()).toContain('预览模式')
    expect(await preview.locator('.prose').textContent()).toContain('只有编辑在预览里看得到的正文。')
    // The link carries its own expiry (two hours), and the same draft is still nowhere public.
    const expires = Number(new URL(preview.url()).searchParams.get('token')?.split('.')[1])
    expect(expires * 1000 - Date.now()).toBeGreaterThan(60 * 60 * 1000)
    expect(expires * 1000 - Date.now()).toBeLessThanOrEqual(2 * 60 * 60 * 1000)
    expect((await fetch(new URL(`/articles/id/${id}`, siteUrl), { redirect: 'manual' })).status).toBe(404)
    await context.close()
  }, 120_000)
})
