import type { GroupField } from 'payload'
import { FEDERATION_NAME } from '../federation'

/** 来源 / 作者 / 责任编辑 — the byline line every Chinese official article carries. */
export const bylinesField: GroupField = {
  name: 'bylines',
  type: 'group',
  label: '署名',
  admin: { position: 'sidebar' },
  fields: [
    { name: 'source', type: 'text', label: '来源', maxLength: 100, defaultValue: FEDERATION_NAME },
    { name: 'author', type: 'text', label: '作者', maxLength: 100 },
    { name: 'editor', type: 'text', label: '责任编辑', maxLength: 100 },
  ],
}
