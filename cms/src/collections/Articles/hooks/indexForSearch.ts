import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionAfterOperationHook } from 'payload'
import type { Article } from '../../../payload-types'
import { removeArticleSearchEntry, stampSearchWrites, syncArticleSearchEntry } from '../../../search/searchIndex'

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

/** Last in the operation, just before its commit: the index rows this save wrote get their final seq. */
export const stampSearchIndex: CollectionAfterOperationHook<'articles'> = async ({ req, result }) => {
  await stampSearchWrites(req)
  return result
}
