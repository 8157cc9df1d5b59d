// Builds the CMS and the site only when their sources changed since the last
// build, so a second `npm start` serves in seconds.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { REPO_ROOT } from './local-settings.mjs'
import { runStep } from './processes.mjs'

const SKIP = new Set(['node_modules', '.next', 'build', '.cache'])

function fingerprint(paths) {
  const hash = createHash('sha256')
  const walk = (p) => {
    if (!existsSync(p)) return
    const info = statSync(p)
    if (info.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!SKIP.has(name)) walk(path.join(p, name))
    } else {
      hash.update(`${path.relative(REPO_ROOT, p)}:${info.size}:${info.mtimeMs}\n`)
    }
  }
  for (const p of paths) walk(path.join(REPO_ROOT, p))
  return hash.digest('hex')
}

const TARGETS = [
  {
    name: 'CMS (Next.js + Payload)',
    workspace: 'cms',
    output: 'cms/.next/BUILD_ID',
    stamp: 'cms/.next/newsroom-build-stamp',
    sources: ['cms/src', 'cms/next.config.ts', 'cms/package.json', 'package-lock.json'],
  },
  {
    name: 'site (Remix)',
    workspace: 'site',
    output: 'site/build/server/index.js',
    stamp: 'site/build/newsroom-build-stamp',
    sources: ['site/app', 'site/vite.config.ts', 'site/package.json', 'package-lock.json', 'cms/src/payload-types.ts'],
  },
]

export async function buildIfNeeded(log = console.log) {
  for (const target of TARGETS) {
    const print = fingerprint(target.sources)
    const stampFile = path.join(REPO_ROOT, target.stamp)
    const upToDate =
      existsSync(path.join(REPO_ROOT, target.output)) &&
      existsSync(stampFile) &&
      readFileSync(stampFile, 'utf8') === print
    if (upToDate) continue
    log(`▶ 正在构建 ${target.name}（首次启动或代码有变动，约需 1 分钟）…`)
    const started = Date.now()
    await runStep('npm', ['run', 'build', '-w', target.workspace], {
      // Production builds always: vitest and shells may carry NODE_ENV=test or development.
      env: { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    })
    writeFileSync(stampFile, print)
    log(`✓ ${target.name} 构建完成（${((Date.now() - started) / 1000).toFixed(0)} 秒）`)
  }
}
