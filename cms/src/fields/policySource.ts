import type { GroupField } from 'payload'
import { httpUrlField } from './httpUrl'

/** The original document's standing (政策效力). Labels are also the site's banner wording. */
export const POLICY_STATUSES = ['valid', 'amended', 'repealed'] as const
export const POLICY_STATUS_LABELS: Record<(typeof POLICY_STATUSES)[number], string> = {
  valid: '有效',
  amended: '已修订',
  repealed: '已废止',
}

/** The original policy a 政策解读 interprets: shown only for the policy section. */
export const policySourceField: GroupField = {
  name: 'policy',
  type: 'group',
  label: '政策原文',
  admin: {
    condition: (data) => data?.section === 'policy',
    description: '所解读政策的原文信息，将以“原文信息”卡片显示在文章页。',
  },
  fields: [
    { name: 'originalTitle', type: 'text', label: '原文标题', maxLength: 200 },
    {
      type: 'row',
      fields: [
        { name: 'issuer', type: 'text', label: '发文机关', maxLength: 100 },
        { name: 'documentNumber', type: 'text', label: '发文字号（文号）', maxLength: 100 },
        {
          name: 'issuedDate',
          type: 'date',
          label: '成文日期',
          admin: { date: { pickerAppearance: 'dayOnly', displayFormat: 'yyyy-MM-dd' } },
        },
      ],
    },
    httpUrlField('originalUrl', '原文链接'),
    { name: 'originalFile', type: 'upload', relationTo: 'documents', label: '原文文件（PDF 等）' },
    {
      type: 'row',
      fields: [
        {
          name: 'status',
          type: 'select',
          label: '原文效力',
          defaultValue: 'valid',
          options: POLICY_STATUSES.map((value) => ({ value, label: POLICY_STATUS_LABELS[value] })),
          admin: { description: '原文被修订或废止时在此标注，文章页、RSS 和搜索结果会同时提示读者。' },
        },
        {
          name: 'replacedBy',
          type: 'relationship',
          relationTo: 'articles',
          label: '替代它的新政策解读',
          filterOptions: { section: { equals: 'policy' } },
          admin: { condition: (_, sibling) => sibling?.status === 'amended' || sibling?.status === 'repealed' },
        },
      ],
    },
  ],
}
