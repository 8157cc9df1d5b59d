import type { EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToString } from 'react-dom/server'
import { CmsUnavailableError } from '~/lib/cms/transport.server'
import { documentCsp, hashMarkedScripts, renderMarker } from './lib/csp.server'
import { env } from './lib/env.server'
import { pageHydrates } from './lib/route-handle'
import { ScriptNonceContext } from './lib/script-nonce'

/**
 * Requests whose loaders failed because the CMS was unreachable. Remix hands
 * handleRequest only sanitised errors in production, so handleError, which
 * sees the real one, marks the request here.
 */
const cmsUnavailable = new WeakSet<Request>()

export function handleError(error: unknown, { request }: { request: Request }) {
  if (error instanceof CmsUnavailableError) cmsUnavailable.add(request)
  if (!request.signal.aborted) console.error(error)
}

/**
 * Every page is rendered completely before it is sent: its inline scripts
 * must be hashed into the Content-Security-Policy header, which goes out
 * before the body (docs/decisions/008). Nothing is lost by not streaming: the
 * response cache buffers whole pages anyway, and loaders defer nothing.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // A page without scripts has no use for its loader data encoded for the browser (Remix's single-fetch
  // stream): dropping it skips the encoding (patches/@remix-run+server-runtime makes it lazy) and the
  // stream's reader in the render, ~5% of the site's CPU per uncached page.
  const handles = remixContext.staticHandlerContext.matches.map((m) => remixContext.routeModules[m.route.id]?.handle)
  if (!pageHydrates(handles)) remixContext.serverHandoffStream = undefined
  const marker = renderMarker()
  // A page that failed because the CMS (or its database) is away is a 503 readers and crawlers retry,
  // not a 500; the error boundary already says so in Chinese. Never cached (the cache keeps only 200s).
  const unavailable = responseStatusCode === 500 && cmsUnavailable.has(request)
  if (unavailable) responseHeaders.set('Retry-After', '30')
  // renderToString, not a stream: the whole page is needed before anything is sent (the hashes go in a
  // header) and loaders defer nothing, so the stream only added its machinery: 0.5 ms of the site's
  // ~3.5 ms of CPU per uncached article, measured side by side (docs/decisions/006, amendment).
  // A render that throws reaches Remix, which renders the error boundary through this function again.
  const rendered = renderToString(
    <ScriptNonceContext.Provider value={marker}>
      <RemixServer context={remixContext} url={request.url} nonce={marker} />
    </ScriptNonceContext.Provider>,
  )
  const { html, hashes } = hashMarkedScripts(`<!DOCTYPE html>${rendered}`, marker)
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
  responseHeaders.set(
    'Content-Security-Policy',
    documentCsp({ scriptHashes: hashes, mediaOrigin: env.CMS_URL, objectOrigin: env.S3_PUBLIC_URL }),
  )
  return new Response(html, { headers: responseHeaders, status: unavailable ? 503 : responseStatusCode })
}
