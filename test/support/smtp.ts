/**
 * A real SMTP server on loopback for the test stack (the `smtp-server`
 * package), so mail flows are tested the way they run: the CMS's pooled
 * nodemailer transport talks SMTP to it. Received mail is parsed with
 * `mailparser` and served, with a switch for failure modes, over a tiny HTTP
 * control API (test/support/mail.ts is its client):
 *
 *   GET  /messages?to=a@b.c   parsed messages, oldest first (`&raw=1`: with the bytes as received)
 *   POST /mode                {"mode":"accept"} | {"mode":"reject","code":421} | {"mode":"hold","allow":N}
 *
 * A message counts as received only once the server has accepted it (its
 * "250 OK"). "hold" accepts N more messages, then leaves every further MAIL
 * FROM unanswered until the mode changes: a worker killed meanwhile never
 * delivered those.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export type ReceivedMail = {
  id: number
  receivedAt: string
  envelopeFrom: string
  envelopeTo: string[]
  from: string
  to: string
  subject: string
  messageId: string
  text: string
  html: string
  /** Header name (lower case) → unfolded raw value, first occurrence. */
  headers: Record<string, string>
  /** The message exactly as received (DKIM verification), only with `raw: true`. */
  raw?: string
}

export type SmtpMode = { mode: 'accept' } | { mode: 'reject'; code?: number } | { mode: 'hold'; allow?: number }

export type TestSmtp = { port: number; controlUrl: string; stop: () => Promise<void> }

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = []
  const raws: string[] = []
  let mode: SmtpMode = { mode: 'accept' }
  let allowance = 0
  let held: Array<() => void> = []

  const setMode = (next: SmtpMode) => {
    mode = next
    allowance = next.mode === 'hold' ? (next.allow ?? 0) : 0
    if (next.mode !== 'hold') {
      const waiting = held
      held = []
      for (const release of waiting) release()
    }
  }

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 5 * 1024 * 1024,
    onMailFrom(_address, session, callback) {
      if (mode.mode === 'reject') {
        const error = Object.assign(new Error('Service temporarily unavailable (test)'), {
          responseCode: mode.code ?? 421,
        })
        return callback(error)
      }
      if (mode.mode === 'hold') {
        if (allowance > 0) {
          allowance--
          return callback()
        }
        // Answered only when the mode changes; by then the client may be gone, and nothing was delivered.
        held.push(() => {
          try {
            if (mode.mode === 'reject') {
              callback(Object.assign(new Error('Service temporarily unavailable (test)'), { responseCode: 421 }))
            } else callback()
          } catch {}
        })
        void session
        return
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks)
        try {
          const parsed = await simpleParser(raw)
          const headers: Record<string, string> = {}
          for (const line of parsed.headerLines) {
            const key = line.key.toLowerCase()
            if (key in headers) continue
            headers[key] = line.line
              .slice(line.line.indexOf(':') + 1)
              .replace(/\r?\n[ \t]+/g, ' ')
              .trim()
          }
          const address = (value: typeof parsed.to) =>
            (Array.isArray(value) ? value : value ? [value] : []).map((v) => v.text).join(', ')
          received.push({
            id: received.length + 1,
            receivedAt: new Date().toISOString(),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: address(parsed.from as never),
            to: address(parsed.to),
            subject: parsed.subject ?? '',
            messageId: parsed.messageId ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers,
          })
          raws.push(raw.toString('utf8'))
          callback()
        } catch (error) {
          callback(error as Error)
        }
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  // A client killed mid-session (the crash tests) resets its connection; that is the test, not a server failure.
  server.on('error', () => {})
  const port = (server.server.address() as AddressInfo).port

  const control = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://control')
    res.setHeader('content-type', 'application/json')
    if (req.method === 'GET' && url.pathname === '/messages') {
      const to = url.searchParams.get('to')?.toLowerCase()
      const found = to ? received.filter((m) => m.envelopeTo.includes(to)) : received
      const withRaw = url.searchParams.get('raw') === '1'
      return res.end(JSON.stringify(withRaw ? found.map((m) => ({ ...m, raw: raws[m.id - 1] })) : found))
    }
    if (req.method === 'POST' && url.pathname === '/mode') {
      let body = ''
      for await (const chunk of req) body += chunk
      setMode(JSON.parse(body || '{"mode":"accept"}'))
      return res.end(JSON.stringify({ ok: true, mode, held: held.length }))
    }
    res.statusCode = 404
    res.end('{}')
  })
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', () => resolve()))
  const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`

  return {
    port,
    controlUrl,
    stop: async () => {
      setMode({ mode: 'accept' })
      await new Promise<void>((resolve) => control.close(() => resolve()))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
