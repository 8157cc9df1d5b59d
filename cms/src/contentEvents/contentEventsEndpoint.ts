import { timingSafeEqual } from 'node:crypto'
import type { Endpoint } from 'payload'
import { jsonError } from '../endpoints/respond'
import { INTERNAL_SECRET_HEADER, internalApiSecret } from '../lib/internalApi'
import { contentEventHub } from './contentEventHub'

const HEARTBEAT_MS = 15_000

function isOurSite(given: string | null): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(internalApiSecret)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * `GET /api/content-events` — Server-Sent Events for the site instances (site/server/content-events.js).
 * Requires the `x-newsroom-internal` secret. Sends `event: ready` once this
 * process is LISTENing (every commit after it will be relayed), then
 * `event: change` with each committed change's JSON, and a comment every 15 s
 * so dead connections are noticed on both sides. 503 when the database is
 * unreachable; the site retries.
 */
export const contentEventsEndpoint: Endpoint = {
  path: '/content-events',
  method: 'get',
  handler: async (req) => {
    if (!isOurSite(req.headers.get(INTERNAL_SECRET_HEADER))) {
      return jsonError(403, 'FORBIDDEN', '仅供本站网站服务器使用。')
    }
    try {
      await contentEventHub.ensureListening(req.payload)
    } catch (error) {
      req.payload.logger.error({ err: error, msg: 'content events: cannot LISTEN' })
      return jsonError(503, 'DATABASE_UNAVAILABLE', '数据库暂时不可用。')
    }
    const encoder = new TextEncoder()
    let cleanup = () => {}
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text))
          } catch {
            cleanup()
          }
        }
        const unsubscribe = contentEventHub.subscribe({
          change: (payload) => send(`event: change\ndata: ${payload}\n\n`),
          lost: () => {
            cleanup()
            try {
              controller.close()
            } catch {}
          },
        })
        const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS)
        cleanup = () => {
          clearInterval(heartbeat)
          unsubscribe()
        }
        req.signal?.addEventListener('abort', () => cleanup())
        // Taken after subscribing: every commit past this position reaches the site as an event, and what the
        // site renders after `ready` reads a replica only once it has replayed this far (docs/decisions/015).
        void contentEventHub
          .currentLsn(req.payload)
          .catch(() => null)
          .then((lsn) => send(`retry: 1000\nevent: ready\ndata: ${JSON.stringify(lsn ? { lsn } : {})}\n\n`))
      },
      cancel() {
        cleanup()
      },
    })
    return new Response(stream, {
      status: 200,
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        // no-transform: Next's compression would otherwise buffer events in gzip blocks.
        'Cache-Control': 'no-store, no-transform',
        'X-Accel-Buffering': 'no',
      },
    })
  },
}
