import type { CollectionConfig } from 'payload'
import { anyone } from '../access/anyone'
import { isEditor } from '../access/isEditor'

/**
 * Old article slugs, filled by the articles' rememberOldSlug hook. The site looks
 * here when a slug is not found and answers 301 to the article's current slug.
 */
export const Redirects: CollectionConfig<'redirects'> = {
  slug: 'redirects',
  labels: { singular: '旧链接跳转', plural: '旧链接跳转' },
  admin: { useAsTitle: 'from', group: '系统', defaultColumns: ['from', 'article', 'createdAt'] },
  access: { read: anyone, create: isEditor, update: isEditor, delete: isEditor },
  fields: [
    { name: 'from', type: 'text', label: '旧链接名', required: true, unique: true, index: true },
    { name: 'article', type: 'relationship', relationTo: 'articles', label: '跳转到文章', required: true },
  ],
}
