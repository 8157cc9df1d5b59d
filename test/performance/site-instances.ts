/**
 * Extra site instances beside the stack's own (same build, same CMS), so the
 * suites can check that invalidation reaches every instance behind a load
 * balancer, and run one with a short max age.
 */
import type { ChildProcess } from 'node:child_process'
import path from 'node:path'
import { internalApiSecret, REPO_ROOT } from '../../scripts/lib/local-settings.mjs'
import { startServer, stopChild } from '../../scripts/lib/processes.mjs'
import { requireStack } from '../support/api'
import { freePort } from '../support/ports'

export type CacheStatus = {
  enabled: boolean
  connected: boolean
  generation: number
  entries: number
  stats: Record<string, number>
}

export function internalSecret(): string {
  return internalApiSecret(requireStack().payloadSecret)
}

export async function cacheStatus(siteUrl: string): Promise<CacheStatus> {
  const response = await fetch(`${siteUrl}/_internal/cache`, { headers: { 'x-newsroom-internal': internalSecret() } })
  if (!response.ok) throw new Error(`${siteUrl}/_internal/cache answered ${response.status}`)
  return (await response.json()) as CacheStatus
}

export async function cacheControl(siteUrl: string, action: 'purge' | 'reconnect'): Promise<CacheStatus> {
  const response = await fetch(`${siteUrl}/_internal/cache/${action}`, {
    method: 'POST',
    headers: { 'x-newsroom-internal': internalSecret() },
  })
  return (await response.json()) as CacheStatus
}

/** Polls until `check` returns a truthy value or the deadline passes; returns the last value. */
export async function waitFor<T>(check: () => Promise<T>, { timeoutMs = 5000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let value = await check()
  while (!value && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, intervalMs))
    value = await check()
  }
  return value
}

async function waitForConnected(siteUrl: string): Promise<void> {
  const ok = await waitFor(
    () =>
      cacheStatus(siteUrl)
        .then((s) => s.connected)
        .catch(() => false),
    { timeoutMs: 30_000 },
  )
  if (!ok) throw new Error(`${siteUrl} never connected to the CMS's content events`)
}

export async function startSiteInstance(
  env: Record<string, string> = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const stack = requireStack()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child: ChildProcess = startServer(`site:${port}`, process.execPath, ['server.js'], {
    cwd: path.join(REPO_ROOT, 'site'),
    env: {
      // The same public address as the stack's instance: both render identical pages, as behind a balancer.
      SITE_URL: stack.siteUrl,
      CMS_URL: stack.cmsUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      INTERNAL_API_SECRET: internalSecret(),
      ...env,
    },
  })
  try {
    await waitForConnected(url)
  } catch (error) {
    await stopChild(child)
    throw error
  }
  return { url, stop: () => stopChild(child) }
}
