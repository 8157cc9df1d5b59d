import type { Access } from 'payload'
import { isStaffUser } from './roles'

/** Any logged-in staff member: author, editor or admin. */
export const isStaff: Access = ({ req }) => isStaffUser(req.user)
