// The site's HTTP server: static assets first, then Remix. A plain `node:http`
// server (no Express) keeps the per-request overhead near Node's own ceiling,
// which the response cache in front of Remix will rely on.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createReadableStreamFromReadable, createRequestHandler } from '@remix-run/node'

const here = path.dirname(fileURLToPath(import.meta.url))
const clientDir = path.join(here, 'build/client')
const port = Number(process.env.PORT || 3000)
const host = process.env.HOST || '0.0.0.0'

const build = await import(path.join(here, 'build/server/index.js'))
const handleRemix = createRequestHandler(build, process.env.NODE_ENV || 'production')

const MIME = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
}

async function serveStatic(req, res, pathname) {
  if (!pathname || pathname.includes('..') || pathname.includes('\0')) return false
  const file = path.join(clientDir, pathname)
  if (!file.startsWith(clientDir + path.sep)) return false
  let info
  try {
    info = await stat(file)
  } catch {
    return false
  }
  if (!info.isFile()) return false
  res.statusCode = 200
  res.setHeader('Content-Type', MIME[path.extname(file)] ?? 'application/octet-stream')
  res.setHeader('Content-Length', info.size)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  // Vite puts content hashes in every file name under /assets/: safe to cache forever.
  res.setHeader(
    'Cache-Control',
    pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
  )
  if (req.method === 'HEAD') res.end()
  else createReadStream(file).pipe(res)
  return true
}

/** The decoded path of a request, or null when it is malformed (Remix then answers 404). */
function staticPath(rawUrl) {
  try {
    return decodeURIComponent(new URL(rawUrl ?? '/', 'http://x').pathname)
  } catch {
    return null
  }
}

function toFetchRequest(req, res) {
  const origin = `http://${req.headers.host ?? `localhost:${port}`}`
  const url = new URL(req.url ?? '/', origin)
  const controller = new AbortController()
  res.on('close', () => controller.abort())
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v)
    else if (value !== undefined) headers.set(key, value)
  }
  const init = { method: req.method, headers, signal: controller.signal }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    init.body = createReadableStreamFromReadable(req)
    init.duplex = 'half'
  }
  return new Request(url, init)
}

async function sendFetchResponse(res, response) {
  res.statusCode = response.status
  res.statusMessage = response.statusText
  for (const [key, value] of response.headers) {
    if (key === 'set-cookie') continue
    res.setHeader(key, value)
  }
  const cookies = response.headers.getSetCookie()
  if (cookies.length) res.setHeader('set-cookie', cookies)
  if (!response.body) return res.end()
  for await (const chunk of response.body) res.write(chunk)
  res.end()
}

const server = http.createServer(async (req, res) => {
  try {
    if ((req.method === 'GET' || req.method === 'HEAD') && (await serveStatic(req, res, staticPath(req.url)))) return
    await sendFetchResponse(res, await handleRemix(toFetchRequest(req, res)))
  } catch (error) {
    console.error(error)
    if (!res.headersSent) {
      res.statusCode = 500
      res.setHeader('Content-Type', 'text/plain; charset=utf-8')
    }
    res.end('服务器内部错误，请稍后再试。')
  }
})

server.listen(port, host, () => console.log(`site listening on http://localhost:${port}`))

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)))
}
