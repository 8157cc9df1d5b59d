import type { CollectionConfig } from 'payload'
import { anyone } from '../access/anyone'
import { isEditor } from '../access/isEditor'
import { slugField } from '../fields/slug'

/** What RSS feeds and e-mail subscriptions follow (科技政策, 项目申报, …). */
export const Topics: CollectionConfig<'topics'> = {
  slug: 'topics',
  labels: { singular: '专题', plural: '专题' },
  admin: { useAsTitle: 'name', defaultColumns: ['name', 'slug', 'order'], group: '内容' },
  defaultSort: 'order',
  access: { read: anyone, create: isEditor, update: isEditor, delete: isEditor },
  fields: [
    { name: 'name', type: 'text', label: '名称', required: true, unique: true, maxLength: 40 },
    slugField('topics', 'name'),
    { name: 'description', type: 'textarea', label: '简介', maxLength: 300 },
    {
      name: 'order',
      type: 'number',
      label: '排序',
      defaultValue: 100,
      admin: { position: 'sidebar', description: '数字小的排在前面' },
    },
  ],
}
