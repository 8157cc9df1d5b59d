import type { Access } from 'payload'
import { isStaffUser } from './roles'

/**
 * Staff read everything, drafts included; the public reads only what is published.
 * Returning a query (not `false`) lets Payload filter lists instead of refusing them.
 */
export const publishedOrStaff: Access = ({ req }) => {
  if (isStaffUser(req.user)) return true
  return { _status: { equals: 'published' } }
}
