import type { CollectionAfterChangeHook } from 'payload'
import type { Article } from '../../../payload-types'
import { announceArticle } from '../../../subscriptions/announce'

/**
 * An article's first publication (by an editor now, or by the schedule) puts
 * one mail per matching subscriber in the send ledger, inside the publishing
 * transaction: a publish that rolls back announces nothing. Corrections never
 * mail: the status check skips published → published saves, and the mailing
 * recorded at first publication makes any later publish a no-op. With
 * `context.disableNotifications` (seeding, imports) the article is recorded as
 * announced without mail, so its later corrections are still corrections.
 */
export const notifySubscribers: CollectionAfterChangeHook<Article> = async ({ doc, previousDoc, req, context }) => {
  if (doc._status !== 'published') return doc
  if (previousDoc?._status === 'published') return doc
  await announceArticle(
    req,
    { id: doc.id, title: doc.title, topics: doc.topics },
    context.disableNotifications ? 'suppress' : 'send',
  )
  return doc
}
