import { requestCms } from '~/lib/cms/transport.server'
import { env } from '~/lib/env.server'

/**
 * 点击量 batching: the beacon route adds here and returns at once; every few
 * seconds one request carries the sums to the CMS (`POST /api/articles/views`).
 * A crash loses at most one interval of counts, which a view counter can
 * afford; no reader ever waits for a database write.
 */
const FLUSH_INTERVAL_MS = 5000
const MAX_PENDING_IDS = 1000

let pending = new Map<number, number>()
let timer: ReturnType<typeof setTimeout> | undefined

export function countView(articleId: number): void {
  if (!pending.has(articleId) && pending.size >= MAX_PENDING_IDS) return
  pending.set(articleId, (pending.get(articleId) ?? 0) + 1)
  timer ??= setTimeout(() => void flushViews(), FLUSH_INTERVAL_MS)
  // A pending flush must not keep a stopping process alive.
  timer.unref?.()
}

async function flushViews(): Promise<void> {
  clearTimeout(timer)
  timer = undefined
  if (!pending.size) return
  const batch = pending
  pending = new Map()
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (env.INTERNAL_API_SECRET) headers['x-newsroom-internal'] = env.INTERNAL_API_SECRET
  try {
    const response = await requestCms('/articles/views', {
      method: 'POST',
      headers,
      body: JSON.stringify({ counts: Object.fromEntries(batch) }),
    })
    if (!response.ok) console.warn(`view counts not recorded: CMS answered ${response.status}`)
  } catch (error) {
    console.warn(`view counts not recorded: ${(error as Error).message}`)
  }
}
