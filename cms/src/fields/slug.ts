import type { CollectionSlug, FieldHook, TextField, Where } from 'payload'
import { isValidSlug, slugify } from '../lib/slugify'

export const FALLBACK_SLUG = 'wenzhang'

/**
 * The slug a document gets before the uniqueness suffix: what the editor typed
 * if it is already a valid slug, else its pinyin, else the title's pinyin, and
 * never empty (a title of only emoji or punctuation romanises to nothing).
 * Pure, so the property tests (test/properties/slug.test.ts) can drive it.
 */
export function baseSlug(typed: string, title: unknown): string {
  // A title of the wrong type (a number posted through REST) is refused by validation later; it must not throw here.
  const base = typed ? (isValidSlug(typed) ? typed : slugify(typed)) : typeof title === 'string' ? slugify(title) : ''
  return base || FALLBACK_SLUG
}

/**
 * Fills the slug from the title's pinyin when left empty, normalises what an
 * editor typed, and makes it unique within the collection by appending -2, -3…
 * Runs in beforeValidate so the unique index never sees a collision.
 */
const ensureUniqueSlug =
  (collection: CollectionSlug, sourceField: string): FieldHook =>
  async ({ value, data, originalDoc, req }) => {
    const typed = typeof value === 'string' ? value.trim() : ''
    const title = (data?.[sourceField] ?? originalDoc?.[sourceField] ?? '') as string
    const base = baseSlug(typed, title)
    if (typed && base === originalDoc?.slug) return base

    const id = originalDoc?.id
    for (let n = 1; n < 1000; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`
      const where: Where = { slug: { equals: candidate } }
      if (id !== undefined) where.id = { not_equals: id }
      const { totalDocs } = await req.payload.count({ collection, where, req, overrideAccess: true })
      if (totalDocs === 0) return candidate
    }
    throw new Error(`无法为“${title}”生成唯一的链接名`)
  }

export function slugField(collection: CollectionSlug, sourceField = 'title'): TextField {
  return {
    name: 'slug',
    type: 'text',
    label: '链接名',
    index: true,
    unique: true,
    maxLength: 120,
    admin: {
      position: 'sidebar',
      description: '网址中的文章名，默认取标题拼音；留空即自动生成。修改已发布文章的链接名后，旧网址会自动跳转。',
    },
    hooks: { beforeValidate: [ensureUniqueSlug(collection, sourceField)] },
  }
}
