import { DeleteObjectsCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { s3Storage } from '@payloadcms/storage-s3'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { CollectionAfterChangeHook, CollectionConfig, Config, Plugin, UploadConfig } from 'payload'
import { clientError } from '../lib/clientError'
import { env } from '../lib/env'
import { IMMUTABLE_FILE, REVALIDATED_FILE } from './fileCaching'
import { objectKey, type StoredCollection } from './fileUrls'

/**
 * Uploads in an S3-compatible bucket (docs/decisions/013), through Payload's
 * own adapter, `@payloadcms/storage-s3`. Keys mirror MEDIA_DIR's layout,
 * `media/<file>` and `documents/<file>`, so backups, `npm run media:migrate`
 * and the local disk all speak of the same paths.
 *
 * The plugin is always installed, switched on only by S3_BUCKET, with
 * `alwaysInsertFields`: the columns it adds (`prefix`, `_object_key`) then exist
 * in both modes and one set of committed migrations serves both.
 */
const STORED_COLLECTIONS: readonly string[] = ['media', 'documents']
const objectStorageEnabled = Boolean(env.S3_BUCKET)

const OBJECT_STORAGE_UNAVAILABLE_MESSAGE =
  '文件存储服务暂时无法连接，文件没有上传，这次提交的内容也没有保存。请稍后重试。'
const RETRY_AFTER_SECONDS = '10'

/**
 * Headers stored with each object, which the bucket (and a CDN in front of it)
 * sends with it: every URL we hand out carries `?v=`, so a year and `immutable`;
 * attachments download rather than open, as from the CMS. `npm run media:migrate`
 * writes the same (scripts/lib/media-store.mjs).
 */
function storedObjectHeaders(key: string): Record<string, string> {
  return key.startsWith('documents/')
    ? { 'cache-control': IMMUTABLE_FILE, 'content-disposition': 'attachment' }
    : { 'cache-control': IMMUTABLE_FILE }
}

/**
 * storage-s3 writes objects with a content type only, and offers no way to add
 * headers. The SDK signs a request before its HTTP handler sends it, and S3
 * checks only signed headers (all `x-amz-*` among them), so standard headers added
 * here, on the object PUTs alone, are stored as the object's metadata.
 */
class StoredObjectHeadersHandler extends NodeHttpHandler {
  constructor(private readonly keyOf: (path: string) => string) {
    super({ connectionTimeout: 3_000, requestTimeout: 60_000, httpAgent: { keepAlive: true, maxSockets: 50 } })
  }

  override handle(...[request, options]: Parameters<NodeHttpHandler['handle']>) {
    const query = request.query ?? {}
    if (request.method === 'PUT' && !('partNumber' in query) && !request.headers['x-amz-copy-source']) {
      Object.assign(request.headers, storedObjectHeaders(this.keyOf(decodeURIComponent(request.path))))
    }
    return super.handle(request, options)
  }
}

function clientConfig(): S3ClientConfig {
  const bucket = env.S3_BUCKET ?? ''
  const pathStyle = env.S3_FORCE_PATH_STYLE === 'true'
  return {
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    forcePathStyle: pathStyle,
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
    maxAttempts: 2,
    requestHandler: new StoredObjectHeadersHandler((path) =>
      (pathStyle ? path.replace(new RegExp(`^/${bucket}/`), '') : path.replace(/^\//, '')).replace(/\?.*$/, ''),
    ),
  }
}

type FileHandler = NonNullable<UploadConfig['handlers']>[number]

/**
 * The adapter's file handler with our caching rules (fileCaching.ts): it sends
 * the object's ETag and answers 304, but no Cache-Control. A bucket that does
 * not answer is a 503 to retry, never a 500 a CDN might keep.
 */
function withCacheRules(handler: FileHandler): FileHandler {
  // Payload's type says Response or void; at run time it moves on to the next handler for anything not a Response.
  return async (req, args) => {
    const response = await handler(req, args)
    if (!(response instanceof Response)) return response as unknown as Response
    if (response.status >= 500) {
      return new Response(OBJECT_STORAGE_UNAVAILABLE_MESSAGE, {
        status: 503,
        headers: {
          'Content-Type': 'text/plain; charset=utf-8',
          'Cache-Control': 'no-store',
          'Retry-After': RETRY_AFTER_SECONDS,
        },
      })
    }
    if (response.status < 400) {
      response.headers.set('Cache-Control', req.searchParams?.has('v') ? IMMUTABLE_FILE : REVALIDATED_FILE)
    }
    return response
  }
}

type StoredDoc = {
  filename?: string | null
  prefix?: string | null
  sizes?: Record<string, { filename?: string | null }>
}

function keysOf(collection: StoredCollection, doc: StoredDoc | undefined): string[] {
  if (!doc) return []
  const names = [doc.filename, ...Object.values(doc.sizes ?? {}).map((size) => size?.filename)]
  return names.filter((name): name is string => Boolean(name)).map((name) => objectKey(collection, name, doc.prefix))
}

/**
 * The adapter's upload (an `afterChange` hook, inside the saving transaction)
 * made safe to fail: the save rolls back, objects it already wrote are removed
 * where the bucket still answers, and staff read a 503 they can act on.
 */
function uploadFailingAs503(collection: StoredCollection, hook: CollectionAfterChangeHook): CollectionAfterChangeHook {
  let cleanupClient: S3Client | undefined
  return async (args) => {
    try {
      return await hook(args)
    } catch (error) {
      // The AWS SDK marks everything a request to the bucket threw, refusals and unreachable servers alike;
      // anything else (the plugin's own database update) keeps its meaning.
      if (!(error && typeof error === 'object' && '$metadata' in error)) throw error
      const kept = new Set(keysOf(collection, args.previousDoc))
      const written = keysOf(collection, args.doc).filter((key) => !kept.has(key))
      if (written.length > 0) {
        cleanupClient ??= new S3Client(clientConfig())
        await cleanupClient
          .send(
            new DeleteObjectsCommand({
              Bucket: env.S3_BUCKET,
              Delete: { Objects: written.map((Key) => ({ Key })), Quiet: true },
            }),
          )
          .catch(() => args.req.payload.logger.warn({ msg: `object storage: could not remove ${written.join(', ')}` }))
      }
      args.req.responseHeaders ??= new Headers()
      args.req.responseHeaders.set('Retry-After', RETRY_AFTER_SECONDS)
      throw clientError(503, OBJECT_STORAGE_UNAVAILABLE_MESSAGE)
    }
  }
}

/** Wraps what the plugin added to one collection: its file handler and its upload hook. */
function hardenStoredCollection(before: CollectionConfig, after: CollectionConfig): CollectionConfig {
  const slug = after.slug as StoredCollection
  const upload = typeof after.upload === 'object' ? after.upload : {}
  const oldHandlers = new Set(typeof before.upload === 'object' ? (before.upload.handlers ?? []) : [])
  const oldHooks = new Set(before.hooks?.afterChange ?? [])
  return {
    ...after,
    upload: {
      ...upload,
      handlers: (upload.handlers ?? []).map((h) => (oldHandlers.has(h) ? h : withCacheRules(h))),
    },
    hooks: {
      ...after.hooks,
      afterChange: (after.hooks?.afterChange ?? []).map((h) => (oldHooks.has(h) ? h : uploadFailingAs503(slug, h))),
    },
  }
}

/** Install first among the plugins, so that every later hook sees the stored document. */
export const objectStorage: Plugin = async (config: Config) => {
  const withPlugin = await s3Storage({
    enabled: objectStorageEnabled,
    alwaysInsertFields: true,
    bucket: env.S3_BUCKET ?? 'disabled',
    // The plugin's URL rules give way to publicFileUrl (fileUrls.ts), one rule for REST and SQL reads.
    collections: { media: { prefix: 'media' }, documents: { prefix: 'documents' } },
    config: objectStorageEnabled ? clientConfig() : {},
  })(config)
  if (!objectStorageEnabled) return withPlugin
  const original = new Map((config.collections ?? []).map((c) => [c.slug, c]))
  return {
    ...withPlugin,
    collections: (withPlugin.collections ?? []).map((c) =>
      STORED_COLLECTIONS.includes(c.slug) ? hardenStoredCollection(original.get(c.slug)!, c) : c,
    ),
  }
}
