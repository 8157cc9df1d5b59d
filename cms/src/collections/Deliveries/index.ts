import type { CollectionConfig } from 'payload'
import { isEditor } from '../../access/isEditor'
import { nobody } from '../../access/nobody'

/**
 * The send ledger: one row per (mailing, subscriber), created in the same
 * transaction that announces the article (or opens the digest week), BEFORE any
 * mail leaves. Workers claim rows with FOR UPDATE SKIP LOCKED and a lease;
 * see src/subscriptions/deliver.ts and docs/decisions/005. Confirmation mails
 * use the same ledger without a mailing. Written only by server code; editors
 * read it as the delivery log.
 */
export const Deliveries: CollectionConfig<'deliveries'> = {
  slug: 'deliveries',
  labels: { singular: '投递记录', plural: '投递记录' },
  admin: {
    useAsTitle: 'id',
    defaultColumns: ['subscriber', 'mailing', 'kind', 'state', 'attempts', 'sentAt', 'lastError'],
    group: '订阅',
    description: '每封邮件一条记录。可按“邮件推送”筛选某篇文章的投递情况；失败会自动重试。',
  },
  defaultSort: '-createdAt',
  access: { read: isEditor, create: nobody, update: nobody, delete: nobody },
  indexes: [
    // The at-most-once guarantee: one mail per subscriber per announcement.
    { fields: ['mailing', 'subscriber'], unique: true },
    // What workers scan: due rows by state.
    { fields: ['state', 'nextAttemptAt'] },
  ],
  fields: [
    {
      name: 'kind',
      type: 'select',
      label: '类型',
      required: true,
      options: [
        { value: 'article', label: '新文章' },
        { value: 'digest', label: '每周摘要' },
        { value: 'confirmation', label: '订阅确认' },
      ],
    },
    { name: 'mailing', type: 'relationship', relationTo: 'mailings', label: '邮件推送', index: true },
    // Not required: expired pending subscribers are deleted, their rows keep the history.
    { name: 'subscriber', type: 'relationship', relationTo: 'subscribers', label: '订阅者', index: true },
    {
      name: 'state',
      type: 'select',
      label: '状态',
      required: true,
      defaultValue: 'queued',
      options: [
        { value: 'queued', label: '待发送' },
        { value: 'sending', label: '发送中' },
        { value: 'sent', label: '已发送' },
        { value: 'failed', label: '失败' },
        { value: 'skipped', label: '跳过' },
      ],
    },
    { name: 'attempts', type: 'number', label: '尝试次数', defaultValue: 0 },
    { name: 'nextAttemptAt', type: 'date', label: '下次尝试', admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'lockedUntil', type: 'date', label: '占用至', admin: { hidden: true } },
    { name: 'sentAt', type: 'date', label: '发送时间', admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'lastError', type: 'text', label: '最近错误' },
    { name: 'messageId', type: 'text', label: 'Message-ID' },
  ],
}
