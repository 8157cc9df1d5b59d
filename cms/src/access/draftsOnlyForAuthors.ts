import type { Access } from 'payload'
import { isEditorUser, roleOf } from './roles'

/**
 * Update/delete rule for articles. Editors and admins may change anything.
 * Authors may only touch documents that are not live: the query keeps them
 * away from published work, and `data._status === 'published'` stops them
 * publishing (a publish is an update that sets `_status`).
 */
export const draftsOnlyForAuthors: Access = ({ req, data }) => {
  if (isEditorUser(req.user)) return true
  if (roleOf(req.user) !== 'author') return false
  if (data && (data as { _status?: string })._status === 'published') return false
  return { _status: { not_equals: 'published' } }
}

/** Create rule for articles: any staff member, but only editors may create straight into "published". */
export const createDraftsUnlessEditor: Access = ({ req, data }) => {
  if (isEditorUser(req.user)) return true
  if (roleOf(req.user) !== 'author') return false
  return (data as { _status?: string } | undefined)?._status !== 'published'
}
