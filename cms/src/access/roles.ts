import type { User } from '../payload-types'

export const ROLES = ['author', 'editor', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** Payload passes `req.user` typed loosely; this narrows it to our staff users. */
export function roleOf(user: unknown): Role | null {
  if (!user || typeof user !== 'object') return null
  const u = user as Partial<User> & { collection?: string }
  if (u.collection && u.collection !== 'users') return null
  return ROLES.includes(u.role as Role) ? (u.role as Role) : null
}

export const isStaffUser = (user: unknown): boolean => roleOf(user) !== null
export const isEditorUser = (user: unknown): boolean => {
  const role = roleOf(user)
  return role === 'editor' || role === 'admin'
}
export const isAdminUser = (user: unknown): boolean => roleOf(user) === 'admin'
