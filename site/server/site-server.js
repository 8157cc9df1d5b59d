// One site process: client files from memory, then the response cache, then
// Remix. server.js runs one of these, or several under node:cluster
// (SITE_WORKERS). A cache hit is answered synchronously in the request
// callback, before Remix and before any other work, which keeps hits near
// Node's own ceiling. The cache's design and its invalidation are in
// docs/decisions/006-response-cache-and-invalidation.md.
import cluster from 'node:cluster'
import http from 'node:http'
import path from 'node:path'
import { createReadableStreamFromReadable, createRequestHandler } from '@remix-run/node'
import { createCacheLayer, sendFetchResponse } from './cache-layer.js'
import { connectContentEvents, INTERNAL_SECRET_HEADER } from './content-events.js'
import { refusedPathStatus, sendRefusedPath } from './request-guard.js'
import { ResponseCache } from './response-cache.js'
import { STATIC_SECURITY_HEADERS, withSecurityHeaders } from './security-headers.js'
import { loadStaticFiles, serveStaticFile } from './static-files.js'

/** Starts serving with the settings from server/settings.js; `siteRoot` holds build/. */
export async function startSiteServer(settings, siteRoot) {
  const build = await import(path.join(siteRoot, 'build/server/index.js'))
  const renderRemix = createRequestHandler(build, process.env.NODE_ENV || 'production')
  // Headers go onto the rendered response, so the cache stores them with the page and a hit costs nothing extra.
  const handleRemix = async (request, context) =>
    withSecurityHeaders(await renderRemix(request, context), { secureCookies: settings.secureCookies })
  const staticFiles = loadStaticFiles(path.join(siteRoot, 'build/client'))

  const cache = settings.cache
    ? new ResponseCache({ maxAgeMs: settings.cacheMaxAgeMs, maxBytes: settings.cacheMaxBytes })
    : null
  const cacheLayer = cache ? createCacheLayer({ cache, renderRemix: handleRemix }) : null

  let warnedForbidden = false
  const events =
    cache && settings.contentEventsUrl
      ? connectContentEvents({
          url: settings.contentEventsUrl,
          secret: settings.internalSecret,
          onReady: () => {
            // Events sent while we were away are lost: nothing stored before now can be trusted.
            cache.purgeAll()
            cache.setConnected(true)
            console.log(`content events: connected to ${settings.contentEventsUrl}`)
          },
          onChange: () => cache.purgeAll(),
          onDown: (reason) => {
            if (cache.connected) console.warn(`content events: lost (${reason}); pages live 1 s until it is back`)
            // A refused secret never heals by retrying: say so once, loudly.
            else if (/\b403\b/.test(reason) && !warnedForbidden) {
              warnedForbidden = true
              console.error('content events: the CMS refused INTERNAL_API_SECRET; pages live 1 s until it matches')
            }
            cache.setConnected(false)
          },
        })
      : null

  /**
   * Forms other sites post to on purpose: partner sites embed the sign-up form (SPEC), and mail
   * providers send RFC 8058 one-click unsubscribes. Their pages hold no session to steal.
   */
  const CROSS_SITE_FORMS = new Set(['/subscribe', '/unsubscribe'])

  function toFetchRequest(req, res) {
    const origin = `http://${req.headers.host ?? `localhost:${settings.port}`}`
    const url = new URL(req.url ?? '/', origin)
    const controller = new AbortController()
    // Only a reader who left before the answer was sent aborts the render: aborting on every close made an
    // AbortError (a DOMException, with its stack) per request and ran every abort listener, ~4% of a render.
    res.on('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    const headers = new Headers()
    for (const [key, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(key, v)
      else if (value !== undefined) headers.set(key, value)
    }
    if (req.method === 'POST' && CROSS_SITE_FORMS.has(url.pathname)) {
      // Remix refuses document POSTs whose Origin is not this host (a CSRF guard); these two forms take
      // cross-site posts by design. The origin moves aside, where /subscribe records it as the sign-up's source.
      headers.delete('x-newsroom-form-origin')
      const formOrigin = headers.get('origin')
      headers.delete('origin')
      if (formOrigin) headers.set('x-newsroom-form-origin', formOrigin)
    }
    const init = { method: req.method, headers, signal: controller.signal }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      init.body = createReadableStreamFromReadable(req)
      init.duplex = 'half'
    }
    return new Request(url, init)
  }

  /** Operators' (and tests') view of the cache: `GET /_internal/cache`, `POST …/purge`, `POST …/reconnect`; secret required. */
  function serveInternal(req, res) {
    const secret = settings.internalSecret
    if (!secret || req.headers[INTERNAL_SECRET_HEADER] !== secret) {
      res.writeHead(404, { ...STATIC_SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' })
      return res.end('Not Found')
    }
    const action = req.url.slice('/_internal/cache'.length)
    if (req.method === 'POST' && action === '/purge') cache?.purgeAll()
    else if (req.method === 'POST' && action === '/reconnect') events?.drop()
    else if (req.method !== 'GET' || action !== '') {
      res.writeHead(405, { ...STATIC_SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' })
      return res.end('Method Not Allowed')
    }
    const body = JSON.stringify({
      // Which process answered: with SITE_WORKERS > 1 each worker keeps its own cache.
      pid: process.pid,
      enabled: Boolean(cache),
      connected: cache?.connected ?? false,
      generation: cache?.generation ?? 0,
      entries: cache?.entries.size ?? 0,
      bytes: cache?.bytes ?? 0,
      stats: cache?.stats ?? null,
    })
    res.writeHead(200, { ...STATIC_SECURITY_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store' })
    res.end(body)
  }

  async function handleSlow(req, res) {
    try {
      if (req.url.startsWith('/_internal/cache')) return serveInternal(req, res)
      const refused = refusedPathStatus(req.url)
      if (refused) return sendRefusedPath(res, refused, req.method === 'HEAD')
      if (cacheLayer && (await cacheLayer.handle(req, res))) return
      // The TCP peer, for the subscription rate limits (app/features/subscriptions/client-address.server.ts).
      const context = { clientAddress: req.socket.remoteAddress ?? null }
      await sendFetchResponse(res, await handleRemix(toFetchRequest(req, res), context), req.method === 'HEAD')
    } catch (error) {
      console.error(error)
      if (!res.headersSent) {
        res.statusCode = 500
        for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) res.setHeader(name, value)
        res.setHeader('Content-Type', 'text/plain; charset=utf-8')
        res.setHeader('Cache-Control', 'no-store')
      }
      res.end('服务器内部错误，请稍后再试。')
    }
  }

  const server = http.createServer((req, res) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && serveStaticFile(staticFiles, req, res)) return
    if (cacheLayer?.tryHit(req, res)) return
    if (!cacheLayer) res.setHeader('x-cache', 'OFF')
    handleSlow(req, res)
  })
  // Readers behind a load balancer keep connections open; Node's 5 s default closes them under the balancer's nose.
  server.keepAliveTimeout = 65_000

  server.listen(settings.port, settings.host, () =>
    console.log(
      `site listening on http://localhost:${settings.port} (response cache ${
        cache ? `on, max age ${settings.cacheMaxAgeMs / 1000} s` : 'off'
      })${cluster.worker ? ` [worker ${cluster.worker.id}]` : ''}`,
    ),
  )

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      events?.close()
      server.close(() => process.exit(0))
      // Open keep-alive and event-stream connections would hold close() forever.
      server.closeIdleConnections()
      setTimeout(() => process.exit(0), 2000).unref()
    })
  }
}
