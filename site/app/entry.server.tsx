import { PassThrough } from 'node:stream'
import type { EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { CmsUnavailableError } from './lib/cms.server'
import { documentCsp, hashMarkedScripts, renderMarker } from './lib/csp.server'
import { env } from './lib/env.server'
import { ScriptNonceContext } from './lib/script-nonce'

const ABORT_DELAY = 5_000

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
  const marker = renderMarker()
  // A page that failed because the CMS (or its database) is away is a 503 readers and crawlers retry,
  // not a 500; the error boundary already says so in Chinese. Never cached (the cache keeps only 200s).
  const unavailable = responseStatusCode === 500 && cmsUnavailable.has(request)
  if (unavailable) responseHeaders.set('Retry-After', '30')
  return new Promise<Response>((resolve, reject) => {
    let status = unavailable ? 503 : responseStatusCode
    const { pipe, abort } = renderToPipeableStream(
      <ScriptNonceContext.Provider value={marker}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={marker} />
      </ScriptNonceContext.Provider>,
      {
        nonce: marker,
        onAllReady() {
          const chunks: Buffer[] = []
          const sink = new PassThrough()
          sink.on('data', (chunk: Buffer) => chunks.push(chunk))
          sink.on('error', reject)
          sink.on('end', () => {
            const { html, hashes } = hashMarkedScripts(Buffer.concat(chunks).toString('utf8'), marker)
            responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
            responseHeaders.set(
              'Content-Security-Policy',
              documentCsp({ scriptHashes: hashes, mediaOrigin: env.CMS_URL }),
            )
            resolve(new Response(html, { headers: responseHeaders, status }))
          })
          pipe(sink)
        },
        onShellError: reject,
        onError(error) {
          status = 500
          console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY).unref()
  })
}
