import { FEDERATION_NAME } from '@newsroom/cms/federation'
import type { MetaDescriptor } from '@remix-run/node'
import type { PictureData } from './media'

/** What the root loader gives every page's `meta` (see root.tsx). */
export type RootData = {
  siteUrl: string
  site: { siteName: string; description?: string | null }
}

export type SeoInput = {
  /** The page's own title; the site name is appended (except on the home page). */
  title: string
  description?: string | null
  /** Path and query of the canonical URL, e.g. `/sections/news?page=2`. */
  path: string
  image?: Pick<PictureData, 'src' | 'width' | 'height' | 'alt'> | null
  type?: 'website' | 'article'
  noindex?: boolean
  publishedTime?: string | null
  modifiedTime?: string | null
  section?: string
  tags?: string[]
}

type MatchLike = { id: string; data?: unknown }

export function rootData(matches: MatchLike[]): RootData | undefined {
  return matches.find((m) => m.id === 'root')?.data as RootData | undefined
}

const DEFAULT_SITE_URL = 'http://localhost:3000'

/** Title, description, canonical, Open Graph and robots for one page. */
export function seoMeta(matches: MatchLike[], input: SeoInput): MetaDescriptor[] {
  const root = rootData(matches)
  const siteName = root?.site.siteName ?? FEDERATION_NAME
  const siteUrl = root?.siteUrl ?? DEFAULT_SITE_URL
  const title = input.title === siteName ? siteName : `${input.title} - ${siteName}`
  const description = (input.description || root?.site.description || siteName)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200)
  const url = `${siteUrl}${input.path}`
  const tags: MetaDescriptor[] = [
    { title },
    { name: 'description', content: description },
    { tagName: 'link', rel: 'canonical', href: url },
    { property: 'og:site_name', content: siteName },
    { property: 'og:locale', content: 'zh_CN' },
    { property: 'og:type', content: input.type ?? 'website' },
    { property: 'og:title', content: input.title },
    { property: 'og:description', content: description },
    { property: 'og:url', content: url },
  ]
  if (input.image) {
    tags.push(
      { property: 'og:image', content: input.image.src },
      { property: 'og:image:width', content: String(input.image.width) },
      { property: 'og:image:height', content: String(input.image.height) },
      { property: 'og:image:alt', content: input.image.alt },
      { name: 'twitter:card', content: 'summary_large_image' },
    )
  }
  if (input.type === 'article') {
    if (input.publishedTime) tags.push({ property: 'article:published_time', content: input.publishedTime })
    if (input.modifiedTime) tags.push({ property: 'article:modified_time', content: input.modifiedTime })
    if (input.section) tags.push({ property: 'article:section', content: input.section })
    for (const tag of input.tags ?? []) tags.push({ property: 'article:tag', content: tag })
  }
  if (input.noindex) tags.push({ name: 'robots', content: 'noindex, nofollow' })
  return tags
}

/** For pages whose loader threw: the boundary shows the message, the title says the same. */
export function errorMeta(matches: MatchLike[], error: unknown): MetaDescriptor[] {
  const root = rootData(matches)
  const siteName = root?.site.siteName ?? FEDERATION_NAME
  const status = (error as { status?: number } | undefined)?.status
  const title = status === 404 ? '页面不存在' : '服务暂时不可用'
  return [{ title: `${title} - ${siteName}` }, { name: 'robots', content: 'noindex' }]
}

/** `?page=N` in canonical URLs for pages after the first, never `?page=1`. */
export function pagedPath(path: string, page: number): string {
  return page > 1 ? `${path}?page=${page}` : path
}

/** JSON for a `<script type="application/ld+json">`: `<` escaped so no string can close the element. */
export function jsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
