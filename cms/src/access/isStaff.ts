import type { Access, FieldAccess } from 'payload'
import { isStaffUser } from './roles'

/** Any logged-in staff member: author, editor or admin. */
export const isStaff: Access = ({ req }) => isStaffUser(req.user)
/** Field-level: internal fields of public documents (the review record) that only staff may read or query. */
export const isStaffField: FieldAccess = ({ req }) => isStaffUser(req.user)
