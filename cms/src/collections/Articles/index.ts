import type { CollectionConfig } from 'payload'
import { createDraftsUnlessEditor, draftsOnlyForAuthors } from '../../access/draftsOnlyForAuthors'
import { isEditorField } from '../../access/isEditor'
import { isStaff } from '../../access/isStaff'
import { publishedOrStaff } from '../../access/publishedOrStaff'
import { readArticleViewsEndpoint, recordArticleViewsEndpoint } from '../../endpoints/articleViews'
import { articlePreviewUrl, previewArticleEndpoint } from '../../endpoints/previewArticle'
import { bylinesField } from '../../fields/bylines'
import { parkFactsField } from '../../fields/parkFacts'
import { policySourceField } from '../../fields/policySource'
import { rejectUnsafeLinks } from '../../fields/richTextLinks'
import { slugField } from '../../fields/slug'
import { forgetRedirects } from './hooks/forgetRedirects'
import { indexForSearch, removeFromSearch } from './hooks/indexForSearch'
import { notifySubscribers } from './hooks/notifySubscribers'
import { rememberOldSlug } from './hooks/rememberOldSlug'
import { setPublishedAt } from './hooks/setPublishedAt'
import { SECTIONS } from './sections'

export const Articles: CollectionConfig<'articles'> = {
  slug: 'articles',
  labels: { singular: '文章', plural: '文章' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'section', '_status', 'publishedAt', 'updatedAt'],
    listSearchableFields: ['title', 'summary', 'slug'],
    group: '内容',
    preview: articlePreviewUrl,
  },
  endpoints: [previewArticleEndpoint, recordArticleViewsEndpoint, readArticleViewsEndpoint],
  defaultSort: '-publishedAt',
  access: {
    read: publishedOrStaff,
    create: createDraftsUnlessEditor,
    update: draftsOnlyForAuthors,
    delete: draftsOnlyForAuthors,
    readVersions: isStaff,
  },
  versions: {
    drafts: { schedulePublish: true, autosave: false },
    maxPerDoc: 50,
  },
  fields: [
    {
      type: 'tabs',
      tabs: [
        {
          label: '正文',
          fields: [
            { name: 'title', type: 'text', label: '标题', required: true, maxLength: 200 },
            {
              name: 'summary',
              type: 'textarea',
              label: '摘要',
              maxLength: 500,
              admin: { description: '一两句话概括全文，用于列表、搜索结果、订阅邮件和分享。' },
            },
            { name: 'heroImage', type: 'upload', relationTo: 'media', label: '题图' },
            { name: 'content', type: 'richText', label: '正文', hooks: { beforeValidate: [rejectUnsafeLinks] } },
          ],
        },
        {
          label: '附件与出处',
          fields: [
            {
              name: 'attachments',
              type: 'upload',
              relationTo: 'documents',
              hasMany: true,
              label: '附件',
              admin: { description: 'PDF、Word、Excel 等附件，显示在文章末尾。' },
            },
            policySourceField,
            parkFactsField,
          ],
        },
      ],
    },
    slugField('articles'),
    {
      name: 'section',
      type: 'select',
      label: '栏目',
      required: true,
      index: true,
      defaultValue: 'news',
      options: SECTIONS.map((s) => ({ value: s.value, label: s.label })),
      admin: { position: 'sidebar' },
    },
    {
      name: 'topics',
      type: 'relationship',
      relationTo: 'topics',
      hasMany: true,
      label: '专题',
      admin: { position: 'sidebar', description: 'RSS 与邮件订阅按专题推送。' },
    },
    {
      name: 'publishedAt',
      type: 'date',
      label: '发布时间',
      index: true,
      admin: {
        position: 'sidebar',
        date: { pickerAppearance: 'dayAndTime', displayFormat: 'yyyy-MM-dd HH:mm' },
        description: '留空则在首次发布时自动填写。',
      },
    },
    {
      name: 'featured',
      type: 'checkbox',
      label: '首页推荐',
      defaultValue: false,
      admin: { position: 'sidebar' },
      access: { create: isEditorField, update: isEditorField },
    },
    bylinesField,
  ],
  hooks: {
    beforeChange: [setPublishedAt],
    afterChange: [rememberOldSlug, indexForSearch, notifySubscribers],
    beforeDelete: [forgetRedirects],
    afterDelete: [removeFromSearch],
  },
}
