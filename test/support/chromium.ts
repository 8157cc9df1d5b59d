/**
 * Debian's Chromium through playwright-core, launched the one way every
 * browser suite uses (headless, no sandbox as root, nothing phoning home).
 */
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/lib/chromium-flags.mjs'

const CHROMIUM: string = CHROMIUM_PATH

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}; install Debian's chromium (see .ci/run) or set CHROMIUM_PATH.`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
  })
}
