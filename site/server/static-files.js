// The build's client files (build/client: hashed /assets/ and the public/
// folder), read once at start and kept in memory with brotli and gzip variants:
// a stylesheet or script is answered like a cache hit, compressed at the best
// level once instead of per request, and with no filesystem call.
import { createHash } from 'node:crypto'
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { etagMatches, isCompressible, pickEncoding } from './http-cache-rules.js'
import { STATIC_SECURITY_HEADERS } from './security-headers.js'

const MIME = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml; charset=utf-8',
}

/** Files above this stay on disk and are streamed (none today; a large download in public/ would be). */
const IN_MEMORY_LIMIT = 2 * 1024 * 1024

function walk(dir, base = dir, out = []) {
  let names = []
  try {
    names = readdirSync(dir)
  } catch {
    return out
  }
  for (const name of names) {
    const file = path.join(dir, name)
    const info = statSync(file)
    if (info.isDirectory()) walk(file, base, out)
    else if (info.isFile())
      out.push({ file, urlPath: `/${path.relative(base, file).split(path.sep).join('/')}`, size: info.size })
  }
  return out
}

export function loadStaticFiles(clientDir) {
  /** @type {Map<string, any>} */
  const files = new Map()
  for (const { file, urlPath, size } of walk(clientDir)) {
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
    // Vite puts content hashes in every file name under /assets/: safe to cache forever.
    const cacheControl = urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600'
    const base = { ...STATIC_SECURITY_HEADERS, 'content-type': type, 'cache-control': cacheControl }
    if (size > IN_MEMORY_LIMIT) {
      files.set(urlPath, { file, size, base, onDisk: true })
      continue
    }
    const body = readFileSync(file)
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`
    const entry = { etag, variants: {}, head304: { etag, 'cache-control': cacheControl } }
    const variant = (bytes, encoding) => ({
      body: bytes,
      head: {
        ...base,
        etag,
        vary: 'Accept-Encoding',
        'content-length': bytes.length,
        ...(encoding ? { 'content-encoding': encoding } : {}),
      },
    })
    entry.variants.identity = variant(body)
    if (isCompressible(type) && body.length > 256) {
      entry.variants.br = variant(
        zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
        'br',
      )
      entry.variants.gzip = variant(zlib.gzipSync(body, { level: 9 }), 'gzip')
    }
    files.set(urlPath, entry)
  }
  return files
}

/** Answers a GET/HEAD for a client file; false when the path is not one. */
export function serveStaticFile(files, req, res) {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  let pathname = q === -1 ? url : url.slice(0, q)
  let entry = files.get(pathname)
  if (entry === undefined && pathname.includes('%')) {
    try {
      pathname = decodeURIComponent(pathname)
    } catch {
      return false
    }
    entry = files.get(pathname)
  }
  if (entry === undefined) return false
  if (entry.onDisk) {
    res.writeHead(200, { ...entry.base, 'content-length': entry.size })
    if (req.method === 'HEAD') res.end()
    else createReadStream(entry.file).pipe(res)
    return true
  }
  const ifNoneMatch = req.headers['if-none-match']
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, entry.etag)) {
    res.writeHead(304, entry.head304)
    res.end()
    return true
  }
  const variant = entry.variants[pickEncoding(req.headers['accept-encoding'])] ?? entry.variants.identity
  res.writeHead(200, variant.head)
  res.end(req.method === 'HEAD' ? undefined : variant.body)
  return true
}
