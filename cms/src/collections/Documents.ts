import path from 'node:path'
import type { CollectionConfig } from 'payload'
import { anyone } from '../access/anyone'
import { isEditor } from '../access/isEditor'
import { isStaff } from '../access/isStaff'
import { MEDIA_DIR } from '../lib/paths'

/** Policy PDFs and office files attached to articles. */
export const Documents: CollectionConfig<'documents'> = {
  slug: 'documents',
  labels: { singular: '附件', plural: '附件' },
  admin: { useAsTitle: 'title', group: '素材' },
  access: { read: anyone, create: isStaff, update: isStaff, delete: isEditor },
  upload: {
    staticDir: path.join(MEDIA_DIR, 'documents'),
    mimeTypes: [
      'application/pdf',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/zip',
    ],
  },
  fields: [{ name: 'title', type: 'text', label: '附件名称', required: true, maxLength: 200 }],
}
