import type { Access } from 'payload'

/**
 * System tables (tokens, rate-limit counters): written and read only by server
 * code with `overrideAccess`, never through REST or GraphQL, not even by admins.
 */
export const nobody: Access = () => false
