import type { CollectionConfig } from 'payload'
import { anyone } from '../access/anyone'
import { isEditor } from '../access/isEditor'
import { rejectUnsafeLinks } from '../fields/richTextLinks'
import { slugField } from '../fields/slug'

/** Standing pages such as 联合会简介 (/about) and 联系我们 (/contact). */
export const Pages: CollectionConfig<'pages'> = {
  slug: 'pages',
  labels: { singular: '页面', plural: '页面' },
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'slug', 'updatedAt'], group: '内容' },
  access: { read: anyone, create: isEditor, update: isEditor, delete: isEditor },
  fields: [
    { name: 'title', type: 'text', label: '标题', required: true, maxLength: 200 },
    slugField('pages'),
    { name: 'summary', type: 'textarea', label: '摘要', maxLength: 300 },
    { name: 'content', type: 'richText', label: '正文', hooks: { beforeValidate: [rejectUnsafeLinks] } },
  ],
}
