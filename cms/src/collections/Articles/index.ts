import type { CollectionConfig } from 'payload'
import { createDraftsUnlessEditor, draftsOnlyForAuthors } from '../../access/draftsOnlyForAuthors'
import { isEditorField } from '../../access/isEditor'
import { isStaff, isStaffField } from '../../access/isStaff'
import { publishedOrStaff } from '../../access/publishedOrStaff'
import { auditDelete, auditPublication, noteLiveStatus } from '../../audit/hooks'
import { bylinesField } from '../../fields/bylines'
import { importedFromField } from '../../fields/importedFrom'
import { parkFactsField } from '../../fields/parkFacts'
import { policySourceField } from '../../fields/policySource'
import { rejectUnsafeLinks } from '../../fields/richTextLinks'
import { slugField } from '../../fields/slug'
import { importDocxEndpoint } from '../../import/endpoint'
import { LOG_ACTION_LABELS, LOG_ACTIONS, REVIEW_STATE_LABELS, REVIEW_STATES } from '../../review/chain'
import { reviewEndpoint } from '../../review/endpoint'
import { reviewGate } from '../../review/gate'
import { readArticleViewsEndpoint, recordArticleViewsEndpoint } from './endpoints/articleViews'
import { articlePreviewUrl, previewArticleEndpoint } from './endpoints/previewArticle'
import { forgetRedirects } from './hooks/forgetRedirects'
import { indexForSearch, removeFromSearch, stampSearchIndex } from './hooks/indexForSearch'
import { notifySubscribers } from './hooks/notifySubscribers'
import { rememberOldSlug } from './hooks/rememberOldSlug'
import { setPublishedAt } from './hooks/setPublishedAt'
import { SECTIONS } from './sections'

export const Articles: CollectionConfig<'articles'> = {
  slug: 'articles',
  labels: { singular: '文章', plural: '文章' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'section', '_status', 'reviewState', 'publishedAt', 'updatedAt'],
    listSearchableFields: ['title', 'summary', 'slug'],
    group: '内容',
    preview: articlePreviewUrl,
    // 从 Word 导入 (docs/decisions/012): above the list, and on a new, empty article (the ui field below).
    components: { beforeListTable: ['/components/ImportFromWord#ImportFromWord'] },
  },
  endpoints: [
    previewArticleEndpoint,
    recordArticleViewsEndpoint,
    readArticleViewsEndpoint,
    reviewEndpoint,
    importDocxEndpoint,
  ],
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
            importedFromField,
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
    {
      name: 'importFromWord',
      type: 'ui',
      admin: {
        position: 'sidebar',
        condition: (data) => !data?.id,
        components: { Field: '/components/ImportFromWord#ImportFromWord' },
      },
    },
    {
      name: 'reviewActions',
      type: 'ui',
      admin: { position: 'sidebar', components: { Field: '/components/ReviewActions#ReviewActions' } },
    },
    {
      name: 'reviewState',
      type: 'select',
      label: '审核状态',
      index: true,
      defaultValue: 'draft',
      options: REVIEW_STATES.map((value) => ({ value, label: REVIEW_STATE_LABELS[value] })),
      // Moved only by the review endpoint and the publish gate (cms/src/review), never by a form.
      admin: { position: 'sidebar', readOnly: true },
      // Internal workflow: the public must not learn that a live article has a new version waiting for review.
      access: { read: isStaffField },
    },
    {
      name: 'reviewLog',
      type: 'array',
      label: '审核记录',
      admin: { position: 'sidebar', readOnly: true, initCollapsed: false },
      // Reviewers' names, user ids and comments ("第三段数据有误") are internal. Without this, every published
      // article handed them to anonymous readers through REST and GraphQL, and `where[reviewLog.comment][like]`
      // let anyone search them (test/cms/access-matrix.test.ts). Field read access also refuses such filters.
      access: { read: isStaffField },
      fields: [
        {
          name: 'action',
          type: 'select',
          label: '操作',
          required: true,
          options: LOG_ACTIONS.map((value) => ({ value, label: LOG_ACTION_LABELS[value] })),
        },
        { name: 'by', type: 'relationship', relationTo: 'users', label: '操作人' },
        { name: 'byName', type: 'text', label: '操作人姓名' },
        { name: 'at', type: 'date', label: '时间', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'comment', type: 'textarea', label: '意见' },
        { name: 'lateMinutes', type: 'number', label: '晚于计划（分钟）' },
      ],
    },
  ],
  hooks: {
    beforeChange: [setPublishedAt, reviewGate, noteLiveStatus],
    afterChange: [rememberOldSlug, indexForSearch, notifySubscribers, auditPublication],
    beforeDelete: [forgetRedirects],
    afterDelete: [removeFromSearch, auditDelete],
    afterOperation: [stampSearchIndex],
  },
}
