// After a `kill -9` of the launcher its children (Next.js, the site server)
// keep running and hold the ports. The launcher records their PIDs; the next
// start stops whatever a dead launcher left behind.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { DATA_DIR } from './local-settings.mjs'

const STATE_FILE = path.join(DATA_DIR, 'launcher.json')

// A zombie (exited, not yet reaped: PID 1 here does not reap) counts as gone.
const alive = (pid) => {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

const commandLine = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
  } catch {
    return ''
  }
}

export async function stopOrphans(log = console.log) {
  if (!existsSync(STATE_FILE)) return
  let state
  try {
    state = JSON.parse(readFileSync(STATE_FILE, 'utf8'))
  } catch {
    return rmSync(STATE_FILE, { force: true })
  }
  if (state.launcher && state.launcher !== process.pid && alive(state.launcher)) {
    throw new Error(`另一个 npm start 正在运行（PID ${state.launcher}）。请先停止它。`)
  }
  // Only PIDs whose command line is still ours: a recycled PID must never be killed.
  const leftovers = (state.children ?? []).filter(
    (child) => alive(child.pid) && commandLine(child.pid).includes(child.match),
  )
  for (const child of leftovers) process.kill(child.pid, 'SIGTERM')
  const deadline = Date.now() + 8000
  while (leftovers.some((c) => alive(c.pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  for (const child of leftovers) if (alive(child.pid)) process.kill(child.pid, 'SIGKILL')
  if (leftovers.length) log(`✓ 已清理上次异常退出遗留的 ${leftovers.length} 个进程`)
  rmSync(STATE_FILE, { force: true })
}

export function recordChildren(children) {
  mkdirSync(DATA_DIR, { recursive: true })
  writeFileSync(STATE_FILE, JSON.stringify({ launcher: process.pid, children }))
}

export function clearRecord() {
  rmSync(STATE_FILE, { force: true })
}
