import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'
import type { Article } from '../../../payload-types'
import { removeArticleSearchEntry, syncArticleSearchEntry } from '../../../search/searchIndex'

/**
 * Keeps `search_index` in step with what readers see, inside the save's
 * transaction. Deliberately ignores `context.disableRevalidate`: seeding and
 * imports must be searchable too.
 */
export const indexForSearch: CollectionAfterChangeHook<Article> = async ({ doc, req }) => {
  await syncArticleSearchEntry(req.payload, doc.id, req)
  return doc
}

export const removeFromSearch: CollectionAfterDeleteHook<Article> = async ({ id, req }) => {
  await removeArticleSearchEntry(req.payload, id, req)
}
