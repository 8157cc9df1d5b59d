import type { CollectionBeforeDeleteHook } from 'payload'

/**
 * A deleted article takes its old-slug redirects with it. Before the delete: the
 * redirect's foreign key would otherwise be set to NULL on a required column.
 */
export const forgetRedirects: CollectionBeforeDeleteHook = async ({ id, req }) => {
  await req.payload.delete({ collection: 'redirects', where: { article: { equals: id } }, req, overrideAccess: true })
}
