import type { CollectionConfig } from 'payload'
import { isEditor } from '../../access/isEditor'
import { exportSubscribersCsv } from './endpoints/exportCsv'
import { forgetTokens } from './hooks/forgetTokens'

/**
 * Newsletter subscribers: personal data (PIPL). Never readable by the public or
 * by authors; editors and admins see and manage them. The public subscribe flow
 * goes through the CMS's own endpoints (src/subscriptions/endpoints.ts), not
 * through this collection's REST API.
 */
export const Subscribers: CollectionConfig<'subscribers'> = {
  slug: 'subscribers',
  labels: { singular: '订阅者', plural: '订阅者' },
  admin: {
    useAsTitle: 'email',
    defaultColumns: ['email', 'state', 'frequency', 'topics', 'allTopics', 'consentAt', 'source'],
    group: '订阅',
    components: { beforeList: ['/components/SubscriberStats#SubscriberStats'] },
  },
  access: { read: isEditor, create: isEditor, update: isEditor, delete: isEditor },
  endpoints: [{ path: '/export', method: 'get', handler: exportSubscribersCsv }],
  hooks: { beforeDelete: [forgetTokens] },
  fields: [
    { name: 'email', type: 'email', label: '电子邮箱', required: true, unique: true, index: true },
    { name: 'topics', type: 'relationship', relationTo: 'topics', hasMany: true, label: '订阅专题' },
    {
      name: 'allTopics',
      type: 'checkbox',
      label: '订阅全部专题',
      defaultValue: false,
    },
    {
      name: 'frequency',
      type: 'select',
      label: '推送频率',
      required: true,
      defaultValue: 'immediate',
      options: [
        { value: 'immediate', label: '即时推送' },
        { value: 'weekly', label: '每周摘要' },
      ],
    },
    {
      name: 'state',
      type: 'select',
      label: '状态',
      required: true,
      defaultValue: 'pending',
      index: true,
      options: [
        { value: 'pending', label: '待确认' },
        { value: 'active', label: '已订阅' },
        { value: 'unsubscribed', label: '已退订' },
        { value: 'bouncing', label: '投递失败' },
      ],
    },
    { name: 'consentAt', type: 'date', label: '同意时间', admin: { readOnly: true } },
    { name: 'source', type: 'text', label: '来源', maxLength: 200, admin: { readOnly: true } },
    {
      name: 'confirmationRequestedAt',
      type: 'date',
      label: '最近发送确认邮件',
      admin: { readOnly: true, position: 'sidebar', description: '每个地址每天最多发送一封确认邮件。' },
    },
    { name: 'unsubscribedAt', type: 'date', label: '退订时间', admin: { readOnly: true, position: 'sidebar' } },
    {
      name: 'bounceCount',
      type: 'number',
      label: '连续退信次数',
      defaultValue: 0,
      admin: {
        readOnly: true,
        position: 'sidebar',
        description: '连续 3 次被邮件服务器永久拒收（5xx）即标记为“投递失败”，不再发送。',
      },
    },
  ],
}
