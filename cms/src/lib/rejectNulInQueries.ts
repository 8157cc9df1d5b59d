import type { CollectionBeforeOperationHook, Config, Plugin } from 'payload'
import { clientError } from './clientError'

const NUL = '\u0000'

/** A NUL anywhere in a query value or key: PostgreSQL text cannot hold one, so the query could only fail. */
function containsNul(value: unknown, depth = 0): boolean {
  if (depth > 20) return false
  if (typeof value === 'string') return value.includes(NUL)
  if (Array.isArray(value)) return value.some((item) => containsNul(item, depth + 1))
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => key.includes(NUL) || containsNul(item, depth + 1))
  }
  return false
}

const rejectNul: CollectionBeforeOperationHook = ({ args }) => {
  const query = args as { where?: unknown; sort?: unknown }
  if (containsNul(query.where) || containsNul(query.sort)) {
    throw clientError(400, '查询条件含有不允许的字符（\\u0000 空字符），请删除后重试。')
  }
  return args
}

/**
 * Adds the NUL check to every collection's operations (find, count, update and
 * delete by query, versions…), REST and GraphQL alike, before any SQL is built:
 * `where[title][equals]=%00` answers 400 with a clear message instead of a
 * database error. lib/apiErrors.ts catches what slips past (globals, documents).
 */
export const rejectNulInQueries =
  (): Plugin =>
  (config: Config): Config => ({
    ...config,
    collections: (config.collections ?? []).map((collection) => ({
      ...collection,
      hooks: { ...collection.hooks, beforeOperation: [rejectNul, ...(collection.hooks?.beforeOperation ?? [])] },
    })),
  })
