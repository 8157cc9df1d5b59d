import path from 'node:path'
import type { CollectionConfig, ImageSize } from 'payload'
import { anyone } from '../access/anyone'
import { isEditor } from '../access/isEditor'
import { isStaff } from '../access/isStaff'
import { MEDIA_DIR } from '../lib/paths'
import { cachedFileHandler } from '../uploads/fileCaching'
import { versionedFileUrls } from '../uploads/fileUrls'
import { guardUpload, IMAGE_UPLOADS } from '../uploads/guardUpload'
import { imageFileHeaders } from '../uploads/servingHeaders'

/**
 * Widths the site's `srcset` offers; each exists as AVIF and WebP so `<picture>`
 * can pick the smallest modern format the reader's browser takes.
 */
const IMAGE_WIDTHS = [480, 800, 1200] as const

const sizes: ImageSize[] = IMAGE_WIDTHS.flatMap((width) => [
  {
    name: `w${width}avif`,
    width,
    withoutEnlargement: true,
    formatOptions: { format: 'avif', options: { quality: 50, effort: 2 } },
  },
  {
    name: `w${width}webp`,
    width,
    withoutEnlargement: true,
    formatOptions: { format: 'webp', options: { quality: 78 } },
  },
])

/** The size the admin lists show; REST's `thumbnailURL` is its URL (endpoints/populateRichText.ts says the same). */
export const ADMIN_THUMBNAIL = 'w480webp'

export const Media: CollectionConfig<'media'> = {
  slug: 'media',
  labels: { singular: '图片', plural: '图片' },
  admin: { useAsTitle: 'alt', group: '素材' },
  access: { read: anyone, create: isStaff, update: isStaff, delete: isEditor },
  upload: {
    staticDir: path.join(MEDIA_DIR, 'media'),
    // The file picker's filter; what is accepted is decided from the bytes (uploads/guardUpload.ts).
    mimeTypes: Object.keys(IMAGE_UPLOADS.accepts),
    imageSizes: sizes,
    adminThumbnail: ADMIN_THUMBNAIL,
    focalPoint: true,
    modifyResponseHeaders: imageFileHeaders,
    handlers: [cachedFileHandler(path.join(MEDIA_DIR, 'media'), imageFileHeaders)],
    // Fetching a pasted URL server-side would skip the content check and reach internal addresses.
    pasteURL: false,
  },
  hooks: {
    afterRead: [versionedFileUrls('media', 'w480webp')],
    beforeOperation: [guardUpload<'media'>(IMAGE_UPLOADS)],
  },
  fields: [
    {
      name: 'alt',
      type: 'text',
      label: '替代文字',
      required: true,
      maxLength: 200,
      admin: { description: '为看不到图片的读者（读屏软件）描述图片内容，必填。' },
    },
    { name: 'caption', type: 'text', label: '图片说明', maxLength: 200 },
  ],
}
