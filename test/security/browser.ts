/**
 * Chromium as every browser suite launches it (support/chromium.ts), plus
 * what the security suites watch on every page: CSP violations (the
 * `securitypolicyviolation` event, recorded by a script the browser injects
 * before the page's own), console errors and dialogs.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'

export { launchChromium } from '../support/chromium'

export type Watched = {
  page: Page
  status: number | undefined
  /** `directive blocked-uri` of every CSP violation the page reported. */
  violations: () => Promise<string[]>
  consoleErrors: string[]
  dialogs: string[]
  close: () => Promise<void>
}

export async function openWatched(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = {},
): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', ...options })
  const page = await context.newPage()
  const consoleErrors: string[] = []
  const dialogs: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => consoleErrors.push(String(error)))
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    dialog.dismiss().catch(() => {})
  })
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __cspViolations: string[] }).__cspViolations = seen
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`)
    })
  })
  const response = await page.goto(url, { waitUntil: 'load' })
  return {
    page,
    status: response?.status(),
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
    consoleErrors,
    dialogs,
    close: () => context.close(),
  }
}
