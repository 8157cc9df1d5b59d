import type { CollectionConfig } from 'payload'
import { isEditor } from '../../access/isEditor'
import { nobody } from '../../access/nobody'
import { mailingProgress } from './hooks/mailingProgress'

/**
 * One row per announcement: an article's first publication or one week's
 * digest. Its uniqueness (one per article, one per digest week) is what makes
 * "announce" idempotent: a correction, a re-publish, a retried job or a second
 * CMS instance finds the row and sends nothing. Rows marked `suppressed` record
 * articles published without mail (seeding, imports), so a later correction of
 * them is still recognised as a correction. Written only by server code.
 */
export const Mailings: CollectionConfig<'mailings'> = {
  slug: 'mailings',
  labels: { singular: '邮件推送', plural: '邮件推送' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'kind', 'state', 'recipients', 'progress', 'createdAt'],
    group: '订阅',
    description: '每篇文章首次发布、每周摘要各一条；打开一条可查看逐个收件人的投递记录。',
  },
  defaultSort: '-createdAt',
  access: { read: isEditor, create: nobody, update: nobody, delete: nobody },
  hooks: { afterRead: [mailingProgress] },
  fields: [
    { name: 'title', type: 'text', label: '标题', required: true },
    {
      name: 'kind',
      type: 'select',
      label: '类型',
      required: true,
      options: [
        { value: 'article', label: '新文章' },
        { value: 'digest', label: '每周摘要' },
      ],
    },
    {
      name: 'state',
      type: 'select',
      label: '状态',
      required: true,
      defaultValue: 'active',
      options: [
        { value: 'active', label: '已推送' },
        { value: 'suppressed', label: '未推送（导入或初始化的内容）' },
      ],
    },
    { name: 'article', type: 'relationship', relationTo: 'articles', label: '文章', unique: true, index: true },
    { name: 'digestWeek', type: 'text', label: '摘要周次', unique: true, index: true },
    { name: 'periodStart', type: 'date', label: '摘要起始' },
    { name: 'periodEnd', type: 'date', label: '摘要截止' },
    { name: 'recipients', type: 'number', label: '收件人数', defaultValue: 0 },
    {
      name: 'progress',
      type: 'text',
      label: '投递进度',
      virtual: true,
      admin: { readOnly: true },
    },
    {
      name: 'deliveries',
      type: 'join',
      label: '投递记录',
      collection: 'deliveries',
      on: 'mailing',
      defaultLimit: 50,
      admin: { defaultColumns: ['subscriber', 'state', 'attempts', 'sentAt', 'lastError'] },
    },
  ],
}
