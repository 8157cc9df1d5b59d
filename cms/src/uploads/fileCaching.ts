import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { fileTypeFromFile } from 'file-type'
import type { PayloadRequest, UploadConfig } from 'payload'

/**
 * HTTP caching for stored files. Payload's own file route sends no validator
 * and no Cache-Control, so every page view re-downloaded every image. Here:
 *
 * - Every file URL the CMS hands out carries `?v=<updatedAt>` (fileUrls.ts, for
 *   REST and for the SQL endpoints alike). Replacing a file or
 *   editing the medium changes `updatedAt`, so a URL with `v` names one version
 *   for good and may be cached for a year, `immutable`.
 * - A URL without `v` (old links, hand-typed) is cached briefly and revalidated
 *   with an ETag, answered 304 without reading the file.
 */
export const IMMUTABLE_FILE = 'public, max-age=31536000, immutable'
export const REVALIDATED_FILE = 'public, max-age=300, stale-while-revalidate=86400'

/** The `v` value for a document's files: its last change in base 36, short and URL-safe. */
export function fileVersion(updatedAt: unknown): string | null {
  if (typeof updatedAt !== 'string' && !(updatedAt instanceof Date)) return null
  const ms = new Date(updatedAt).getTime()
  return Number.isFinite(ms) ? ms.toString(36) : null
}

export function withFileVersion(url: string | null | undefined, version: string | null): string | null | undefined {
  if (!url || !version) return url
  return `${url}${url.includes('?') ? '&' : '?'}v=${version}`
}

function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

type HeaderHook = (args: { headers: Headers }) => Headers
type FileHandler = NonNullable<UploadConfig['handlers']>[number]

/**
 * An upload `handlers` entry answering whole-file GETs with ETag, Last-Modified,
 * Cache-Control and 304s. Anything unusual (ranges, a missing file, a path
 * outside the folder, a type file-type cannot tell) returns nothing, so
 * Payload's own handler answers it as before.
 */
export function cachedFileHandler(staticDir: string, servingHeaders: HeaderHook): FileHandler {
  const root = path.resolve(staticDir)
  // Payload's type says Response or void; at run time it moves on to its own handler for anything not a Response.
  return (req, { params }) => answer(req, root, params.filename, servingHeaders) as Promise<Response>
}

async function answer(
  req: PayloadRequest,
  root: string,
  filename: string,
  servingHeaders: HeaderHook,
): Promise<Response | undefined> {
  if (req.headers.get('range')) return undefined
  const file = path.resolve(root, filename)
  if (!file.startsWith(root + path.sep)) return undefined
  const stats = await stat(file).catch(() => null)
  if (!stats?.isFile()) return undefined
  // Size and modification time identify a stored file: Payload writes a new file, never edits one in place.
  const etag = `"${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}"`
  const headers = servingHeaders({
    headers: new Headers({
      ETag: etag,
      'Last-Modified': stats.mtime.toUTCString(),
      'Cache-Control': req.searchParams?.has('v') ? IMMUTABLE_FILE : REVALIDATED_FILE,
      'Accept-Ranges': 'bytes',
    }),
  })
  if (etagMatches(req.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers })
  const type = await fileTypeFromFile(file)
  if (!type) return undefined
  headers.set('Content-Type', type.mime)
  headers.set('Content-Length', String(stats.size))
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, { headers })
}
