// The site's end of the CMS's content-event stream (`GET /api/content-events`,
// Server-Sent Events; cms/src/contentEvents). The CMS relays PostgreSQL
// notifications that are sent only when a change commits, so an event means
// "the database now shows the change". `ready` means the CMS is listening and
// every later commit will arrive; anything before it may have been missed.
import http from 'node:http'
import https from 'node:https'

export const INTERNAL_SECRET_HEADER = 'x-newsroom-internal'

/**
 * With read replicas the CMS stamps `ready` and every change with the primary's WAL position
 * (`lsn`, e.g. "0/16B3748"). The newest one heard is kept here, and every call the app makes to the
 * CMS sends it back (app/lib/cms/transport.server.ts): the CMS then reads from a replica only once
 * the replica has replayed that far, so a page re-rendered after an event never shows the state
 * before it (docs/decisions/015).
 */
const WAL_POSITION_KEY = Symbol.for('newsroom.walPosition')

/** @param {unknown} text */
function walPositionValue(text) {
  const match = typeof text === 'string' ? /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text) : null
  return match ? (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`) : null
}

/** Keeps `lsn` if it is newer than the one held. @param {unknown} lsn */
function noteWalPosition(lsn) {
  const value = walPositionValue(lsn)
  if (value === null) return
  const held = walPositionValue(globalThis[WAL_POSITION_KEY])
  if (held === null || value > held) globalThis[WAL_POSITION_KEY] = lsn
}

/**
 * Keeps one stream open, reconnecting with backoff. Callbacks:
 * - onReady(): the stream is (re)established — purge, events may have been missed;
 * - onChange(event): a committed change ({ collection, id, operation } or { kind: 'bulk' });
 * - onDown(reason): the stream is gone; until the next onReady nothing invalidates.
 * The CMS sends a comment every 15 s; silence for `idleTimeoutMs` counts as a
 * dead connection (a half-open TCP stream never errors by itself).
 *
 * @param {{ url: string, secret?: string, onReady: () => void, onChange: (event: any) => void,
 *   onDown: (reason: string) => void, idleTimeoutMs?: number, maxBackoffMs?: number }} options
 */
export function connectContentEvents({
  url,
  secret,
  onReady,
  onChange,
  onDown,
  idleTimeoutMs = 45_000,
  maxBackoffMs = 5_000,
}) {
  const target = new URL(url)
  const client = target.protocol === 'https:' ? https : http
  let backoffMs = 250
  let closed = false
  let current = null
  let retryTimer = null

  function connect() {
    let finished = false
    let idleTimer = null
    const headers = { accept: 'text/event-stream', 'cache-control': 'no-cache' }
    if (secret) headers[INTERNAL_SECRET_HEADER] = secret

    const finish = (reason) => {
      if (finished) return
      finished = true
      clearTimeout(idleTimer)
      request.destroy()
      current = null
      onDown(reason)
      if (closed) return
      retryTimer = setTimeout(connect, backoffMs)
      backoffMs = Math.min(backoffMs * 2, maxBackoffMs)
    }
    const touch = () => {
      clearTimeout(idleTimer)
      idleTimer = setTimeout(() => finish(`no data for ${idleTimeoutMs} ms`), idleTimeoutMs)
    }

    const request = client.get(target, { headers }, (response) => {
      if (response.statusCode !== 200) {
        response.resume()
        finish(`CMS answered ${response.statusCode}`)
        return
      }
      response.setEncoding('utf8')
      touch()
      let buffer = ''
      response.on('data', (chunk) => {
        touch()
        buffer += chunk
        let end = buffer.indexOf('\n\n')
        while (end !== -1) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          dispatch(block)
          end = buffer.indexOf('\n\n')
        }
      })
      response.on('end', () => finish('stream ended'))
      response.on('error', (error) => finish(error.message))
      response.on('close', () => finish('stream closed'))
    })
    request.on('error', (error) => finish(error.message))
    current = { request, finish }
  }

  function dispatch(block) {
    let event = 'message'
    let data = ''
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon === -1 ? line : line.slice(0, colon)
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'event') event = value
      else if (field === 'data') data = data ? `${data}\n${value}` : value
    }
    let parsed = null
    try {
      parsed = JSON.parse(data)
    } catch {}
    // Before the purge below: what is rendered after it must be read at least this far into the WAL.
    noteWalPosition(parsed?.lsn)
    if (event === 'ready') {
      backoffMs = 250
      onReady()
    } else if (event === 'change') {
      onChange(parsed)
    }
  }

  connect()
  return {
    /** Drops the current connection (tests simulate a lost stream with it); it reconnects by itself. */
    drop() {
      current?.finish('dropped')
    },
    close() {
      closed = true
      clearTimeout(retryTimer)
      current?.finish('closed')
    },
  }
}
