// Lighthouse (mobile) for `npm run bench`: performance, accessibility, best
// practices and SEO scores of a page, with its transfer weight and the
// largest-paint image. Lighthouse is fetched from the npm registry on first
// use (npm exec, pinned) rather than kept in the lockfile: it is ~190 MB that
// only the bench needs, and CI's `npm ci` should not pay for it.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium-flags.mjs'

export const LIGHTHOUSE_VERSION = '12.8.2'
const CHROMIUM = CHROMIUM_PATH
const CHROME_FLAGS = CHROMIUM_FLAGS.join(' ')

export const lighthouseAvailable = () => existsSync(CHROMIUM)

/** Runs Lighthouse's default mobile profile (simulated slow 4G, mid-range phone) on `url`. */
export async function runLighthouse(url, outDir, name) {
  const output = path.join(outDir, `lighthouse-${name}.json`)
  const args = [
    'exec',
    '--yes',
    `--package=lighthouse@${LIGHTHOUSE_VERSION}`,
    '--',
    'lighthouse',
    url,
    '--output=json',
    `--output-path=${output}`,
    '--only-categories=performance,accessibility,best-practices,seo',
    `--chrome-flags=${CHROME_FLAGS}`,
    '--quiet',
  ]
  const code = await new Promise((resolve, reject) => {
    const child = spawn('npm', args, {
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('exit', (c) =>
      c === 0 ? resolve(0) : reject(new Error(`lighthouse exited ${c}: ${stderr.slice(-2000)}`)),
    )
  })
  if (code !== 0) return null
  const report = JSON.parse(readFileSync(output, 'utf8'))
  const score = (id) => Math.round((report.categories[id]?.score ?? 0) * 100)
  const audit = (id) => report.audits[id]
  const failed = Object.values(report.categories)
    .filter((category) => category.id !== 'performance')
    .flatMap((category) =>
      category.auditRefs
        .map((ref) => report.audits[ref.id])
        .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
        .map((a) => a.id),
    )
  const lcpImage = audit('largest-contentful-paint-element')?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? null
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    lcpMs: audit('largest-contentful-paint')?.numericValue ?? Number.NaN,
    totalBytes: audit('total-byte-weight')?.numericValue ?? Number.NaN,
    lcpImage,
    failed,
  }
}
