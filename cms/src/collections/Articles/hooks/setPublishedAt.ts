import type { CollectionBeforeChangeHook } from 'payload'

/** The first publish stamps the date readers see; later corrections keep it. */
export const setPublishedAt: CollectionBeforeChangeHook = ({ data }) => {
  if (data._status === 'published' && !data.publishedAt) {
    data.publishedAt = new Date().toISOString()
  }
  return data
}
