import type { CollectionConfig } from 'payload'
import { nobody } from '../access/nobody'

/**
 * Fixed-window counters for rate limiting, in PostgreSQL so every site and CMS
 * instance shares them. One row per bucket (e.g. `subscribe:ip:203.0.113.7`);
 * src/lib/rateLimit.ts does the atomic upsert. Reusable for other limits.
 */
export const RateLimits: CollectionConfig<'rate-limits'> = {
  slug: 'rate-limits',
  labels: { singular: '限流计数', plural: '限流计数' },
  admin: { hidden: true },
  access: { read: nobody, create: nobody, update: nobody, delete: nobody },
  lockDocuments: false,
  fields: [
    { name: 'bucket', type: 'text', required: true, unique: true, index: true },
    { name: 'hits', type: 'number', required: true, defaultValue: 0 },
    { name: 'resetAt', type: 'date', required: true, index: true },
  ],
}
