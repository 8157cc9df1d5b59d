// `npm start`: database (embedded unless DATABASE_URL is set), migrations,
// first admin and sample content, build if needed, then the CMS and the site.
// Ctrl-C stops everything, the embedded database included.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { runBootstrap } from './lib/bootstrap.mjs'
import { buildIfNeeded } from './lib/build-if-needed.mjs'
import { DATA_DIR, ensureDatabase, ensurePayloadSecret, internalApiSecret, REPO_ROOT } from './lib/local-settings.mjs'
import { clearRecord, recordChildren, stopOrphans } from './lib/orphans.mjs'
import { PAYLOAD_NODE_OPTIONS, startServer, stopChild, waitForHttp } from './lib/processes.mjs'

const startedAt = Date.now()
const nextBin = createRequire(path.join(REPO_ROOT, 'cms/package.json')).resolve('next/dist/bin/next')
const log = (line) => console.log(line)
const PORT = Number(process.env.PORT || 3000)
const CMS_PORT = Number(process.env.CMS_PORT || 3001)
const SITE_URL = (process.env.SITE_URL || `http://localhost:${PORT}`).replace(/\/+$/, '')
const CMS_URL = (process.env.CMS_URL || `http://localhost:${CMS_PORT}`).replace(/\/+$/, '')

let database
const children = []
let stopping = false
let recorded = false

async function shutdown(code) {
  if (stopping) return
  stopping = true
  log('\n■ 正在停止…')
  await Promise.all(children.map((child) => stopChild(child)))
  const leftRunning = await database
    ?.stop()
    .catch((error) => console.error(`embedded PostgreSQL did not stop cleanly: ${error.message}`))
  if (leftRunning) log(`■ ${leftRunning}`)
  if (recorded) clearRecord()
  log('■ 已全部停止。')
  process.exit(code)
}
process.on('SIGINT', () => shutdown(0))
process.on('SIGTERM', () => shutdown(0))

function adminLine(result) {
  const admin = result?.admin
  if (admin?.password) return `   账号 ${admin.email}   密码 ${admin.password}`
  if (process.env.ADMIN_EMAIL) return `   账号 ${process.env.ADMIN_EMAIL}（密码为 ADMIN_PASSWORD 的值）`
  try {
    const saved = JSON.parse(readFileSync(path.join(DATA_DIR, 'admin-credentials.json'), 'utf8'))
    return `   账号 ${saved.email}   密码 ${saved.password}（演示管理员，保存在 .data/admin-credentials.json）`
  } catch {
    return `   使用已有的管理员账号登录（账号 ${admin?.email ?? '见数据库'}）`
  }
}

try {
  await stopOrphans(log)
  database = await ensureDatabase((line) => process.env.NEWSROOM_VERBOSE && log(`[postgres] ${line}`), {
    command: 'npm start',
    owner: true,
  })
  log(
    database.embedded
      ? `✓ 内置 PostgreSQL 已启动（数据在 ${path.relative(REPO_ROOT, DATA_DIR)}/postgres）`
      : '✓ 使用 DATABASE_URL 指定的 PostgreSQL',
  )

  const env = {
    DATABASE_URL: database.url,
    PAYLOAD_SECRET: ensurePayloadSecret(),
    SITE_URL,
    CMS_URL,
    NEXT_TELEMETRY_DISABLED: '1',
  }

  log('▶ 正在执行数据库迁移、创建管理员、写入示例内容…')
  const result = await runBootstrap(env, { onLine: (line) => process.env.NEWSROOM_VERBOSE && log(line) })
  if (result.seed.seeded) log(`✓ 已写入示例内容：${result.seed.articles} 篇文章、${result.seed.topics} 个专题`)

  await buildIfNeeded(log)

  const cms = startServer('cms', process.execPath, [nextBin, 'start', '-p', String(CMS_PORT)], {
    cwd: path.join(REPO_ROOT, 'cms'),
    env: { ...env, NODE_ENV: 'production', NODE_OPTIONS: PAYLOAD_NODE_OPTIONS },
  })
  children.push(cms)
  const site = startServer('site', process.execPath, ['server.js'], {
    cwd: path.join(REPO_ROOT, 'site'),
    env: {
      SITE_URL,
      CMS_URL,
      CMS_INTERNAL_URL: `http://127.0.0.1:${CMS_PORT}`,
      PORT: String(PORT),
      NODE_ENV: 'production',
      // Lets the CMS trust the reader address the site forwards (subscription rate limits, docs/decisions/005).
      INTERNAL_API_SECRET: internalApiSecret(env.PAYLOAD_SECRET),
      ...(process.env.TRUST_PROXY ? { TRUST_PROXY: process.env.TRUST_PROXY } : {}),
    },
  })
  children.push(site)
  recordChildren([
    { pid: cms.pid, match: 'next' },
    { pid: site.pid, match: 'server.js' },
  ])
  recorded = true
  for (const child of children) {
    child.on('exit', (code, signal) => {
      if (stopping) return
      console.error(`✗ 有进程意外退出（${signal ?? `退出码 ${code}`}），正在停止全部服务。`)
      shutdown(1)
    })
  }

  await waitForHttp(`http://127.0.0.1:${CMS_PORT}/api/topics?limit=1`, { isAlive: () => cms.exitCode === null })
  await waitForHttp(`http://127.0.0.1:${PORT}/healthz`, { isAlive: () => site.exitCode === null })

  const mail = process.env.SMTP_URL
    ? `邮件经 ${new URL(process.env.SMTP_URL).host} 发送`
    : '未设置 SMTP_URL：邮件写入 .data/outbox/*.eml，不会真正发出'
  log(`
════════════════════════════════════════════════════════════
 普陀区科技企业联合会 Newsroom 已启动（${((Date.now() - startedAt) / 1000).toFixed(1)} 秒）
   网站       ${SITE_URL}
   内容管理   ${CMS_URL}/admin
${adminLine(result)}
   数据库     ${database.embedded ? '内置 PostgreSQL（.data/postgres）' : 'DATABASE_URL'}
   邮件       ${mail}
 按 Ctrl-C 停止全部服务（包括内置数据库）。
════════════════════════════════════════════════════════════`)
} catch (error) {
  console.error(`\n✗ 启动失败：${error?.message ?? error}`)
  await shutdown(1)
}
