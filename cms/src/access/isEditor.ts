import type { Access, FieldAccess } from 'payload'
import { isEditorUser } from './roles'

/** Editors and admins: they publish, unpublish and see subscribers. */
export const isEditor: Access = ({ req }) => isEditorUser(req.user)
export const isEditorField: FieldAccess = ({ req }) => isEditorUser(req.user)
