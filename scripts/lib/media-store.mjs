// @ts-check
// Where uploads live, for the commands that handle them outside the CMS (backup,
// restore, `npm run media:migrate`): a folder (MEDIA_DIR) or an S3 bucket
// (S3_BUCKET…), seen the same way — relative keys `media/<file>` and
// `documents/<file>`, as the CMS stores them in either (cms/src/uploads/objectStorage.ts).
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { DATA_DIR } from './local-settings.mjs'

/** The folders (key prefixes) the CMS stores into: one per upload collection. */
const STORED_FOLDERS = ['media', 'documents']

/** As cms/src/uploads/fileCaching.ts IMMUTABLE_FILE: every URL the CMS hands out names one version (`?v=`). */
const IMMUTABLE_FILE = 'public, max-age=31536000, immutable'

/** What guardUpload lets in, by the extension it gives each accepted file (cms/src/uploads/guardUpload.ts). */
const CONTENT_TYPES = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
}

/**
 * @typedef {{ key: string, size: number }} StoredItem
 * @typedef {object} MediaStore
 * @property {string} name  for messages
 * @property {string} [dir]  the folder, for a local store
 * @property {() => AsyncIterable<StoredItem>} list  every stored file under STORED_FOLDERS
 * @property {(key: string) => Promise<StoredItem | null>} stat
 * @property {(key: string) => Promise<string | null>} md5  hex, when the store can tell it cheaply
 * @property {(key: string) => Promise<Buffer>} read
 * @property {(key: string, data: Buffer) => Promise<void>} write
 */

/** The uploads folder `npm start` and the CMS use. */
export function localMediaDir(env = process.env) {
  return env.MEDIA_DIR ? path.resolve(env.MEDIA_DIR) : path.join(DATA_DIR, 'uploads')
}

/** S3 settings from the same variables the CMS reads (cms/src/lib/env.ts), or null without S3_BUCKET. */
export function s3Settings(env = process.env) {
  if (!env.S3_BUCKET) return null
  return {
    bucket: env.S3_BUCKET,
    endpoint: env.S3_ENDPOINT || undefined,
    region: env.S3_REGION || 'us-east-1',
    forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
  }
}

/** The store the CMS writes to with these settings: the bucket when S3_BUCKET is set, else MEDIA_DIR. */
export function configuredMediaStore(env = process.env) {
  const s3 = s3Settings(env)
  return s3 ? s3Store(s3) : localStore(localMediaDir(env))
}

/** @param {string} key */
function safeKey(key) {
  const parts = key.split('/')
  if (!STORED_FOLDERS.includes(parts[0]) || parts.length < 2 || parts.some((p) => !p || p === '.' || p === '..'))
    throw new Error(`not a stored file's key: ${key}`)
  return key
}

/**
 * @param {string} dir
 * @returns {MediaStore}
 */
export function localStore(dir) {
  const file = (/** @type {string} */ key) => path.join(dir, ...safeKey(key).split('/'))
  return {
    name: dir,
    dir,
    async *list() {
      for (const folder of STORED_FOLDERS) {
        const root = path.join(dir, folder)
        if (!existsSync(root)) continue
        for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
          if (!entry.isFile() || entry.name.startsWith('.') || entry.name.endsWith('.partial')) continue
          const full = path.join(entry.parentPath ?? entry.path, entry.name)
          yield { key: path.relative(dir, full).split(path.sep).join('/'), size: (await stat(full)).size }
        }
      }
    },
    async stat(key) {
      const s = await stat(file(key)).catch(() => null)
      return s?.isFile() ? { key, size: s.size } : null
    },
    async md5(key) {
      return createHash('md5')
        .update(await readFile(file(key)))
        .digest('hex')
    },
    read: (key) => readFile(file(key)),
    async write(key, data) {
      const target = file(key)
      await mkdir(path.dirname(target), { recursive: true })
      // Whole or not at all: the CMS may serve this path while it is written.
      const partial = `${target}.${process.pid}.partial`
      await writeFile(partial, data)
      await rename(partial, target)
    },
  }
}

/**
 * @param {NonNullable<ReturnType<typeof s3Settings>>} settings
 * @returns {MediaStore}
 */
export function s3Store({ bucket, ...config }) {
  const client = new S3Client({ ...config, maxAttempts: 3 })
  const notFound = (/** @type {any} */ error) => error?.name === 'NotFound' || error?.$metadata?.httpStatusCode === 404
  return {
    name: `s3://${bucket}`,
    async *list() {
      for (const folder of STORED_FOLDERS) {
        /** @type {string | undefined} */
        let token
        do {
          const page = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: `${folder}/`, ContinuationToken: token }),
          )
          for (const object of page.Contents ?? []) {
            if (object.Key && !object.Key.endsWith('/')) yield { key: object.Key, size: object.Size ?? 0 }
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined
        } while (token)
      }
    },
    async stat(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: safeKey(key) }))
        return { key, size: head.ContentLength ?? 0 }
      } catch (error) {
        if (notFound(error)) return null
        throw error
      }
    },
    async md5(key) {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: safeKey(key) }))
      // A single PUT's ETag is the MD5 of the bytes; a multipart one (`…-N`) is not.
      const etag = head.ETag?.replaceAll('"', '')
      return etag && /^[0-9a-f]{32}$/.test(etag) ? etag : null
    },
    async read(key) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: safeKey(key) }))
      return Buffer.from(await /** @type {any} */ (object.Body).transformToByteArray())
    },
    async write(key, data) {
      const ext = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase() ?? ''
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: safeKey(key),
          Body: data,
          ContentType: CONTENT_TYPES[/** @type {keyof typeof CONTENT_TYPES} */ (ext)] ?? 'application/octet-stream',
          // The headers the CMS stores with what it uploads (cms/src/uploads/objectStorage.ts storedObjectHeaders).
          CacheControl: IMMUTABLE_FILE,
          ContentDisposition: key.startsWith('documents/') ? 'attachment' : undefined,
        }),
      )
    },
  }
}

/**
 * Copies every stored file of `from` that `to` lacks or holds with other bytes;
 * files already there are left alone, so running it again copies nothing.
 * Nothing is deleted on either side.
 * @param {MediaStore} from
 * @param {MediaStore} to
 * @param {{ concurrency?: number, log?: (line: string) => void }} [options]
 */
export async function copyStore(from, to, { concurrency = 8, log = () => {} } = {}) {
  const result = { copied: 0, unchanged: 0, bytes: 0 }
  /** @type {string[]} */
  const failed = []
  /** @type {Set<Promise<void>>} */
  const running = new Set()
  /** @param {StoredItem} item */
  const copyOne = async (item) => {
    const there = await to.stat(item.key)
    if (there && there.size === item.size) {
      const [a, b] = await Promise.all([from.md5(item.key), to.md5(item.key)])
      if (!a || !b || a === b) {
        result.unchanged++
        return
      }
    }
    const data = await from.read(item.key)
    await to.write(item.key, data)
    result.copied++
    result.bytes += data.length
    if (result.copied % 100 === 0) log(`  … ${result.copied} copied`)
  }
  for await (const item of from.list()) {
    const task = copyOne(item)
      .catch((/** @type {any} */ error) => {
        failed.push(`${item.key}: ${error?.message ?? error}`)
      })
      .finally(() => running.delete(task))
    running.add(task)
    if (running.size >= concurrency) await Promise.race(running)
  }
  await Promise.all(running)
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} 个文件未能复制（已复制 ${result.copied} 个，可再次运行以补齐）：\n  ${failed.slice(0, 10).join('\n  ')}`,
    )
  }
  return result
}
