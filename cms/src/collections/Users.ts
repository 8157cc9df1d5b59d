import type { CollectionConfig } from 'payload'
import { isAdmin, isAdminField } from '../access/isAdmin'
import { ROLES } from '../access/roles'
import { selfOrAdmin } from '../access/selfOrAdmin'
import { auditDelete, auditLoginFailure, auditRoleChange } from '../audit/hooks'
import { forgiveSuccessfulLogin, throttleLogin } from '../auth/loginThrottle'

const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  author: '作者（撰写草稿）',
  editor: '编辑（审核发布）',
  admin: '管理员（管理用户与设置）',
}

/** Staff accounts. Only admins create accounts or change roles. */
export const Users: CollectionConfig<'users'> = {
  slug: 'users',
  labels: { singular: '用户', plural: '用户' },
  admin: { useAsTitle: 'email', defaultColumns: ['name', 'email', 'role'], group: '系统' },
  auth: {
    // Payload's per-account lockout; auth/loginThrottle.ts adds per-address and per-e-mail limits (429).
    maxLoginAttempts: 5,
    lockTime: 10 * 60 * 1000,
    tokenExpiration: 8 * 60 * 60,
    cookies: {
      sameSite: 'Lax',
      secure: process.env.NODE_ENV === 'production' && process.env.CMS_URL?.startsWith('https:'),
    },
  },
  access: {
    read: selfOrAdmin,
    create: isAdmin,
    update: selfOrAdmin,
    delete: isAdmin,
    unlock: isAdmin,
  },
  fields: [
    { name: 'name', type: 'text', label: '姓名', maxLength: 60 },
    {
      name: 'role',
      type: 'select',
      label: '角色',
      required: true,
      defaultValue: 'author',
      saveToJWT: true,
      options: ROLES.map((value) => ({ value, label: ROLE_LABELS[value] })),
      access: { create: isAdminField, update: isAdminField },
    },
    {
      name: 'finalReviewer',
      type: 'checkbox',
      label: '终审人',
      defaultValue: false,
      saveToJWT: true,
      admin: { description: '两级审核时，被指定为终审人的编辑可以终审发布（管理员总是可以）。' },
      access: { create: isAdminField, update: isAdminField },
    },
  ],
  hooks: {
    beforeOperation: [throttleLogin],
    afterLogin: [forgiveSuccessfulLogin],
    afterChange: [auditRoleChange],
    afterDelete: [auditDelete],
    afterError: [auditLoginFailure],
  },
}
