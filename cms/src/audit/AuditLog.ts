import type { CollectionConfig } from 'payload'
import { isAdmin } from '../access/isAdmin'
import { nobody } from '../access/nobody'
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS } from './actions'

/**
 * 谁发布、谁负责: who published, unpublished or deleted what, role changes,
 * failed logins and settings changes, with the address it came from. Written
 * only by server hooks (overrideAccess); admins read it; nobody, admins
 * included, edits or deletes an entry through the API.
 */
export const AuditLog: CollectionConfig<'audit-log'> = {
  slug: 'audit-log',
  labels: { singular: '操作日志', plural: '操作日志' },
  admin: {
    group: '系统',
    useAsTitle: 'summary',
    defaultColumns: ['createdAt', 'action', 'summary', 'actorEmail', 'address'],
    description: '发布、撤回、删除、角色变更、登录失败和站点设置变更的记录，只读。',
  },
  defaultSort: '-createdAt',
  access: { read: isAdmin, create: nobody, update: nobody, delete: nobody },
  fields: [
    {
      name: 'action',
      type: 'select',
      label: '操作',
      required: true,
      index: true,
      options: AUDIT_ACTIONS.map((value) => ({ value, label: AUDIT_ACTION_LABELS[value] })),
    },
    { name: 'summary', type: 'text', label: '摘要', required: true },
    { name: 'actor', type: 'relationship', relationTo: 'users', label: '操作人' },
    { name: 'actorEmail', type: 'text', label: '操作人邮箱' },
    { name: 'targetCollection', type: 'text', label: '对象类型' },
    { name: 'targetId', type: 'text', label: '对象编号', index: true },
    { name: 'address', type: 'text', label: '来源地址' },
    { name: 'detail', type: 'json', label: '详情' },
  ],
  timestamps: true,
}
