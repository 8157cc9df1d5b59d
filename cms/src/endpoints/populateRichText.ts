import { ADMIN_THUMBNAIL } from '../collections/Media'
import type { Document, Media } from '../payload-types'
import { fileVersion, withFileVersion } from '../uploads/fileCaching'
import { publicFileUrl } from '../uploads/fileUrls'
/**
 * Raw SQL rows shaped like Payload's REST output at depth 1, so the site's one
 * rich-text converter reads feed bodies exactly as it reads article pages.
 */

export type UploadRow = Record<string, unknown> & { id: number; filename?: string | null }

/** Columns whose field name is not their camelCase: the storage plugin's object key (uploads/objectStorage.ts). */
const FIELD_OF_COLUMN: Record<string, string> = { _objectkey: '_objectKey' }
const camel = (snake: string) =>
  FIELD_OF_COLUMN[snake] ?? snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

const SIZE_COLUMN = /^sizes_(.+?)_(url|width|height|mime_type|filesize|filename)$/
const NUMERIC = new Set(['filesize', 'width', 'height', 'focalX', 'focalY'])
const DATES = new Set(['updatedAt', 'createdAt'])

/**
 * A `media`/`documents` row (snake_case columns, `sizes_w480webp_url`…) as the
 * REST document. Generic over the columns, so a field added to an upload
 * collection arrives without a change here; the result is the generated type
 * of the collection (test/site/contract.test.ts compares it with REST's).
 */
export function uploadDoc(serverUrl: string, collection: 'media', row: UploadRow): Media
export function uploadDoc(serverUrl: string, collection: 'documents', row: UploadRow): Document
export function uploadDoc(serverUrl: string, collection: 'media' | 'documents', row: UploadRow): Media | Document {
  // Filled column by column, so typed as what it becomes field by field.
  const doc: Partial<Media & Document> & Record<string, unknown> = {}
  const sizes: Record<string, Record<string, unknown>> = {}
  for (const [column, value] of Object.entries(row)) {
    const size = SIZE_COLUMN.exec(column)
    if (size) {
      const field = camel(size[2])
      sizes[size[1]] ??= {}
      sizes[size[1]][field] = NUMERIC.has(field) && value !== null ? Number(value) : value
      continue
    }
    const field = camel(column)
    if (value === null || value === undefined) doc[field] = value
    else if (NUMERIC.has(field)) doc[field] = Number(value)
    else if (DATES.has(field)) doc[field] = new Date(value as string).toISOString()
    else doc[field] = value
  }
  // The same versioned URLs the collection's afterRead gives REST readers (uploads/fileUrls.ts).
  const version = fileVersion(doc.updatedAt)
  const prefix = typeof doc.prefix === 'string' ? doc.prefix : null
  for (const size of Object.values(sizes))
    size.url = withFileVersion(publicFileUrl(serverUrl, collection, size.filename as string | null, prefix), version)
  doc.url = withFileVersion(publicFileUrl(serverUrl, collection, row.filename, prefix), version)
  // Payload computes it on read (the column stays null): the admin thumbnail's URL, for images that have one.
  if (collection === 'media') doc.thumbnailURL = (sizes[ADMIN_THUMBNAIL]?.url as string | undefined) ?? null
  if (Object.keys(sizes).length > 0) doc.sizes = sizes
  return doc as Media | Document
}

/** The documents rich text may reference, by collection and id: uploads as uploadDoc shapes them, articles and pages as `{ id, slug, title }`. */
export type PopulationMaps = Record<'media' | 'documents' | 'articles' | 'pages', ReadonlyMap<number, object>>

type Node = Record<string, unknown>
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A copy of a Lexical document with upload nodes' `value` and internal links'
 * `fields.doc.value` replaced by their documents, as REST does at depth 1.
 * References to missing or unpublished documents stay ids (the converter skips them).
 */
export function populateRichText<T>(content: T, maps: PopulationMaps): T {
  if (!isNode(content)) return content
  const copy = structuredClone(content)
  const stack: unknown[] = [copy]
  while (stack.length > 0) {
    const node = stack.pop()
    if (Array.isArray(node)) {
      stack.push(...node)
      continue
    }
    if (!isNode(node)) continue
    if (node.type === 'upload' && (node.relationTo === 'media' || node.relationTo === 'documents')) {
      const found = maps[node.relationTo].get(Number(node.value))
      if (found) node.value = found
    }
    const doc = isNode(node.fields) && isNode(node.fields.doc) ? node.fields.doc : null
    if (doc && (doc.relationTo === 'articles' || doc.relationTo === 'pages')) {
      const found = maps[doc.relationTo].get(Number(doc.value))
      if (found) doc.value = found
    }
    for (const value of Object.values(node)) if (typeof value === 'object' && value !== null) stack.push(value)
  }
  return copy
}
