import type { GroupField } from 'payload'
import { isStaffField } from '../access/isStaff'

/**
 * Where an imported article came from (docs/decisions/012): the original file
 * for reviewers to compare, the old site's URL (the site answers 301 from its
 * path), and the key that makes a second import of the same thing a no-op.
 * Staff-only: readers never learn a draft's or an original's whereabouts.
 */
export const importedFromField: GroupField = {
  name: 'imported',
  type: 'group',
  label: '导入来源',
  access: { read: isStaffField },
  admin: {
    description: '由“从 Word 导入”或旧网站迁移自动填写，审核时可对照原文。',
    condition: (data) => Boolean(data?.imported?.key),
  },
  fields: [
    { name: 'original', type: 'upload', relationTo: 'documents', label: '原始文件', admin: { readOnly: true } },
    { name: 'sourceUrl', type: 'text', label: '旧网址', maxLength: 2000, admin: { readOnly: true } },
    { name: 'key', type: 'text', label: '导入标识', index: true, maxLength: 200, admin: { readOnly: true } },
  ],
}
