import os from 'node:os'

// Settings of the HTTP server around Remix (the app's own are in app/lib/env.server.ts).
// Checked once at start: a wrong value fails loudly instead of silently disabling the cache.

function number(env, name, fallback, { min = 0 } = {}) {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`)
  return value
}

/**
 * - RESPONSE_CACHE: `on` (default) or `off` (every request renders; for measuring and debugging).
 * - RESPONSE_CACHE_MAX_AGE: seconds an entry is served without a re-render while the content
 *   stream is up (default 60): the bound on what a lost invalidation can cost.
 * - RESPONSE_CACHE_MAX_MB: memory budget of the cache (default 256).
 * - CONTENT_EVENTS_URL: the CMS's event stream (default `${CMS_INTERNAL_URL ?? CMS_URL}/api/content-events`).
 * - INTERNAL_API_SECRET: shared with the CMS; authenticates the stream and /_internal/cache.
 * - SITE_URL: on https, cookies the site sets are marked Secure.
 * - SITE_WORKERS: site processes sharing the port (node:cluster), or `auto` for one per core
 *   (default 1: on a one-host install the CMS and PostgreSQL need the other cores).
 */
export function readServerSettings(env) {
  const cacheMode = (env.RESPONSE_CACHE ?? 'on').toLowerCase()
  if (!['on', 'off', 'true', 'false', '1', '0'].includes(cacheMode)) {
    throw new Error(`RESPONSE_CACHE must be "on" or "off", got "${env.RESPONSE_CACHE}"`)
  }
  const cmsUrl = (env.CMS_INTERNAL_URL || env.CMS_URL || 'http://localhost:3001').replace(/\/+$/, '')
  const internalSecret = env.INTERNAL_API_SECRET || undefined
  const cache = ['on', 'true', '1'].includes(cacheMode)
  if (cache && !internalSecret) {
    console.warn(
      'INTERNAL_API_SECRET is not set: the site cannot follow content changes, so cached pages live only 1 s.',
    )
  }
  const workersRaw = (env.SITE_WORKERS ?? '').trim().toLowerCase()
  const workers = workersRaw === 'auto' ? os.availableParallelism() : number(env, 'SITE_WORKERS', 1, { min: 1 })
  if (!Number.isInteger(workers) || workers > 64) {
    throw new Error(`SITE_WORKERS must be a whole number from 1 to 64 or "auto", got "${env.SITE_WORKERS}"`)
  }
  return {
    workers,
    port: number(env, 'PORT', 3000, { min: 1 }),
    host: env.HOST || '0.0.0.0',
    cache,
    cacheMaxAgeMs: number(env, 'RESPONSE_CACHE_MAX_AGE', 60, { min: 0.1 }) * 1000,
    cacheMaxBytes: number(env, 'RESPONSE_CACHE_MAX_MB', 256, { min: 1 }) * 1024 * 1024,
    contentEventsUrl: internalSecret ? env.CONTENT_EVENTS_URL || `${cmsUrl}/api/content-events` : null,
    internalSecret,
    secureCookies: /^https:/i.test(env.SITE_URL ?? ''),
  }
}
