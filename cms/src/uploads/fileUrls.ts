import { buildStoragePathData } from '@payloadcms/plugin-cloud-storage/utilities'
import type { CollectionAfterReadHook } from 'payload'
import { fileVersion, withFileVersion } from './fileCaching'

/**
 * One rule for where every stored file is read from, used by REST (the
 * collections' afterRead below) and by the SQL endpoints (endpoints/populateRichText.ts),
 * so pages, feeds and mail link the same place in either storage mode.
 */
export type StoredCollection = 'media' | 'documents'

/**
 * The bucket's public origin when files are read from it directly. Read from the environment
 * here rather than through lib/env.ts (which validates these settings at start) so that the
 * pure SQL-row helpers stay importable by unit tests without a database URL.
 */
function directOrigin(): string | null {
  const { S3_BUCKET, S3_PUBLIC_URL } = process.env
  return S3_BUCKET && S3_PUBLIC_URL ? S3_PUBLIC_URL.replace(/\/+$/, '') : null
}

/** The object key of a stored file, by the storage plugin's own rule (so it always names what the plugin wrote). */
export function objectKey(collection: StoredCollection, filename: string, prefix?: string | null): string {
  return buildStoragePathData({ collectionPrefix: collection, docPrefix: prefix ?? '', filename }).storageFilePath
}

/**
 * Where readers fetch a stored file, before `?v=`: straight from S3_PUBLIC_URL
 * (a CDN in front of the bucket) when the bucket is in use and one is set; else
 * from the CMS's file route, which reads the local disk or the bucket.
 */
export function publicFileUrl(
  serverUrl: string,
  collection: StoredCollection,
  filename: string | null | undefined,
  prefix?: string | null,
): string | null {
  if (!filename) return null
  const origin = directOrigin()
  if (origin) return `${origin}/${objectKey(collection, filename, prefix).split('/').map(encodeURIComponent).join('/')}`
  return `${serverUrl}/api/${collection}/file/${encodeURIComponent(filename)}`
}

type SizeDoc = { url?: unknown; filename?: unknown }

/**
 * `afterRead` of an upload collection: the URL of the original and of every
 * resized copy from publicFileUrl, each with `?v=<updatedAt>` (fileCaching.ts).
 * What Payload or the storage plugin stored in `url` is ignored: it would name
 * the storage of the day the file was uploaded.
 */
export function versionedFileUrls(collection: StoredCollection, thumbnailSize?: string): CollectionAfterReadHook {
  return ({ doc, req }) => {
    const version = fileVersion(doc?.updatedAt)
    if (!version) return doc
    const serverUrl = req.payload.config.serverURL
    const prefix = typeof doc.prefix === 'string' ? doc.prefix : null
    const urlOf = (filename: unknown, stored: unknown) =>
      withFileVersion(
        typeof filename === 'string' ? publicFileUrl(serverUrl, collection, filename, prefix) : (stored as string),
        version,
      )
    if (typeof doc.url === 'string' || typeof doc.filename === 'string') doc.url = urlOf(doc.filename, doc.url)
    if (doc.sizes && typeof doc.sizes === 'object') {
      for (const size of Object.values(doc.sizes as Record<string, SizeDoc>)) {
        if (size && (typeof size.url === 'string' || typeof size.filename === 'string'))
          size.url = urlOf(size.filename, size.url)
      }
    }
    if (typeof doc.thumbnailURL === 'string') {
      const thumbnail = thumbnailSize ? (doc.sizes?.[thumbnailSize] as SizeDoc | undefined) : undefined
      doc.thumbnailURL = typeof thumbnail?.url === 'string' ? thumbnail.url : withFileVersion(doc.thumbnailURL, version)
    }
    return doc
  }
}
