import type { CollectionConfig } from 'payload'
import { nobody } from '../access/nobody'

/**
 * Links in subscription mails carry a random 32-byte token; only its SHA-256
 * is stored, so a leaked database cannot confirm, change or cancel anyone's
 * subscription. Each token has one purpose and an expiry; confirm tokens are
 * single-use. Managed by src/subscriptions/tokens.ts.
 */
export const SubscriptionTokens: CollectionConfig<'subscription-tokens'> = {
  slug: 'subscription-tokens',
  labels: { singular: '订阅链接令牌', plural: '订阅链接令牌' },
  admin: { hidden: true },
  access: { read: nobody, create: nobody, update: nobody, delete: nobody },
  lockDocuments: false,
  fields: [
    { name: 'subscriber', type: 'relationship', relationTo: 'subscribers', required: true, index: true },
    {
      name: 'purpose',
      type: 'select',
      required: true,
      options: [
        { value: 'confirm', label: '确认订阅' },
        { value: 'manage', label: '管理订阅' },
        { value: 'unsubscribe', label: '退订' },
      ],
    },
    { name: 'tokenHash', type: 'text', required: true, unique: true, index: true },
    { name: 'expiresAt', type: 'date', required: true, index: true },
    { name: 'usedAt', type: 'date' },
  ],
}
