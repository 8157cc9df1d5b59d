import type { Article, Topic } from '@newsroom/cms/types'
import { env } from './env.server'

/**
 * The one typed door into the CMS. Routes never build query strings or touch
 * fetch themselves; every call names the fields it needs (`select`) so the CMS
 * sends no more than the page shows.
 */

export type Paginated<T> = {
  docs: T[]
  totalDocs: number
  totalPages: number
  page: number
  limit: number
  hasNextPage: boolean
  hasPrevPage: boolean
}

export class CmsUnavailableError extends Error {}

type Query = Record<string, string | number | boolean | undefined>

async function cmsGet<T>(path: string, query: Query = {}): Promise<T> {
  const url = new URL(`/api${path}`, env.CMS_INTERNAL_URL)
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value))
  let response: Response
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } })
  } catch (error) {
    throw new CmsUnavailableError(`CMS unreachable at ${env.CMS_INTERNAL_URL}: ${(error as Error).message}`)
  }
  if (!response.ok) throw new CmsUnavailableError(`CMS answered ${response.status} for ${url.pathname}`)
  return (await response.json()) as T
}

export type ArticleListItem = Pick<Article, 'id' | 'title' | 'slug' | 'section' | 'summary' | 'publishedAt'>

export function listLatestArticles(limit = 10): Promise<Paginated<ArticleListItem>> {
  return cmsGet('/articles', {
    'where[_status][equals]': 'published',
    sort: '-publishedAt',
    limit,
    depth: 0,
    'select[title]': true,
    'select[slug]': true,
    'select[section]': true,
    'select[summary]': true,
    'select[publishedAt]': true,
  })
}

export function listTopics(): Promise<Paginated<Pick<Topic, 'id' | 'name' | 'slug'>>> {
  return cmsGet('/topics', { limit: 100, depth: 0, 'select[name]': true, 'select[slug]': true })
}
