import type { CollectionAfterChangeHook } from 'payload'
import type { Article } from '../../../payload-types'

/**
 * When a live article's slug changes, keep the old one in `redirects` so links
 * already shared (WeChat, feeds, search engines) answer 301 instead of 404.
 * A redirect that pointed *from* the new slug is dropped: the slug is live again.
 */
export const rememberOldSlug: CollectionAfterChangeHook<Article> = async ({ doc, previousDoc, req }) => {
  if (doc._status !== 'published') return doc
  const oldSlug = previousDoc?.slug
  if (!oldSlug || oldSlug === doc.slug || previousDoc?._status !== 'published') return doc

  await req.payload.delete({
    collection: 'redirects',
    where: { from: { in: [oldSlug, doc.slug] } },
    req,
    overrideAccess: true,
  })
  await req.payload.create({
    collection: 'redirects',
    data: { from: oldSlug, article: doc.id },
    req,
    overrideAccess: true,
  })
  return doc
}
