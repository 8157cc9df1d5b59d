import type { Access } from 'payload'
import { isAdminUser, isStaffUser } from './roles'

/** Staff see and edit their own account; admins see and edit every account. */
export const selfOrAdmin: Access = ({ req }) => {
  if (isAdminUser(req.user)) return true
  if (isStaffUser(req.user) && req.user) return { id: { equals: req.user.id } }
  return false
}
