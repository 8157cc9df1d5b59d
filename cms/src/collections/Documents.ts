import path from 'node:path'
import type { Access, CollectionConfig } from 'payload'
import { isEditor } from '../access/isEditor'
import { isStaff } from '../access/isStaff'
import { isStaffUser } from '../access/roles'
import { MEDIA_DIR } from '../lib/paths'
import { cachedFileHandler } from '../uploads/fileCaching'
import { versionedFileUrls } from '../uploads/fileUrls'
import { CFB_MIME, DOCUMENT_UPLOADS, guardUpload } from '../uploads/guardUpload'
import { attachmentFileHeaders } from '../uploads/servingHeaders'

/**
 * Anyone may read attachments, except internal ones (the original .docx an import keeps for reviewers):
 * those only staff. A query rule, so lists, REST reads and file downloads all obey it.
 */
const publicUnlessInternal: Access = ({ req }) =>
  isStaffUser(req.user) ? true : { or: [{ internal: { equals: false } }, { internal: { exists: false } }] }

/** Policy PDFs and office files attached to articles. */
export const Documents: CollectionConfig<'documents'> = {
  slug: 'documents',
  labels: { singular: '附件', plural: '附件' },
  admin: { useAsTitle: 'title', group: '素材' },
  access: { read: publicUnlessInternal, create: isStaff, update: isStaff, delete: isEditor },
  upload: {
    staticDir: path.join(MEDIA_DIR, 'documents'),
    // The file picker's filter and Payload's own check; what is accepted is decided from the bytes
    // (uploads/guardUpload.ts). Legacy .doc/.xls/.ppt are OLE compound files, detected as CFB.
    mimeTypes: [
      ...Object.keys(DOCUMENT_UPLOADS.accepts),
      'application/msword',
      'application/vnd.ms-excel',
      'application/vnd.ms-powerpoint',
      CFB_MIME,
    ],
    modifyResponseHeaders: attachmentFileHeaders,
    handlers: [cachedFileHandler(path.join(MEDIA_DIR, 'documents'), attachmentFileHeaders)],
    // Fetching a pasted URL server-side would skip the content check and reach internal addresses.
    pasteURL: false,
  },
  hooks: { afterRead: [versionedFileUrls('documents')], beforeOperation: [guardUpload<'documents'>(DOCUMENT_UPLOADS)] },
  fields: [
    { name: 'title', type: 'text', label: '附件名称', required: true, maxLength: 200 },
    {
      name: 'internal',
      type: 'checkbox',
      label: '仅限工作人员',
      defaultValue: false,
      admin: { description: '导入时保存的原始文件等，只有登录的工作人员能看到和下载。' },
    },
  ],
}
