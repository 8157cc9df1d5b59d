import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionConfig,
  GlobalAfterChangeHook,
  GlobalConfig,
} from 'payload'
import { notifyContentChange } from './notifyContentChange'

type Versioned = { _status?: 'draft' | 'published' | null }

/**
 * A draft that was never published changes nothing readers see: skip it, so an
 * author saving every minute does not empty the sites' caches every minute.
 * Publishing, correcting, unpublishing (published → draft) and every change of
 * an unversioned document announce.
 */
const announceChange: CollectionAfterChangeHook = async ({ doc, previousDoc, req, operation, collection }) => {
  const now = (doc as Versioned)._status
  const before = (previousDoc as Versioned | undefined)?._status
  if (now === 'draft' && before !== 'published') return doc
  await notifyContentChange(req, { collection: collection.slug, id: doc.id, operation })
  return doc
}

const announceDelete: CollectionAfterDeleteHook = async ({ id, req, collection }) => {
  await notifyContentChange(req, { collection: collection.slug, id, operation: 'delete' })
}

const announceGlobal: GlobalAfterChangeHook = async ({ doc, req, global }) => {
  await notifyContentChange(req, { global: global.slug, operation: 'update' })
  return doc
}

/** Appends the announcing hooks after the collection's own, so they see the final document. */
export function withContentEvents(collection: CollectionConfig): CollectionConfig {
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      afterChange: [...(collection.hooks?.afterChange ?? []), announceChange],
      afterDelete: [...(collection.hooks?.afterDelete ?? []), announceDelete],
    },
  }
}

export function withGlobalContentEvents(global: GlobalConfig): GlobalConfig {
  return {
    ...global,
    hooks: { ...global.hooks, afterChange: [...(global.hooks?.afterChange ?? []), announceGlobal] },
  }
}
