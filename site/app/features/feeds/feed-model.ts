import type { FeedItem, FeedItems, FeedScope } from '@newsroom/cms/contract'
import { FEDERATION_NAME } from '@newsroom/cms/federation'
import { isOutdatedPolicy, POLICY_STATUS_LABELS, policyNotice } from '~/features/articles/policy-status'
import { escapeHtml, stripIllegalChars } from '~/lib/html'
import { pictureFromMedia } from '~/lib/media'
import { SECTION_DESCRIPTIONS } from '~/lib/sections'
import { type FeedFormat, feedUrlsFor, scopePath } from './feed-urls'

type FeedImage = { url: string; type: string; length: number; width: number; height: number; alt: string }

type FeedEntry = {
  /** Never changes: built from the article id. */
  guid: string
  url: string
  title: string
  /** Plain text. */
  summary: string
  /** Full body as HTML with absolute URLs. */
  contentHtml: string
  published: Date
  updated: Date
  author: string
  /** Topic names, with their slugs for Atom's `term`. */
  categories: { term: string; label: string }[]
  image: FeedImage | null
}

export type FeedModel = {
  title: string
  description: string
  /** The HTML page the feed mirrors. */
  homeUrl: string
  /** This scope's feed URLs, by format (`atom:link rel=self`, JSON Feed `feed_url`). */
  feedUrls: Record<FeedFormat, string>
  siteName: string
  siteUrl: string
  language: 'zh-CN'
  updated: Date
  /** Last-Modified: the CMS's newest change in scope (null when it has none). */
  lastModified: Date | null
  entries: FeedEntry[]
}

export type FeedModelOptions = {
  siteUrl: string
  cmsUrl: string
  /** The site's one rich-text converter (renderRichTextHtml): injected so tests can run without it. */
  renderHtml: (content: unknown, opts: { siteUrl: string; cmsUrl: string }) => string
}

const DEFAULT_SITE_NAME = FEDERATION_NAME

function scopeRef(scope: FeedScope) {
  if (scope.kind === 'section') return { kind: 'section' as const, section: scope.section }
  if (scope.kind === 'topic') return { kind: 'topic' as const, slug: scope.topic.slug ?? '' }
  return { kind: 'site' as const }
}

function articleGuid(siteUrl: string, id: number): string {
  return `${siteUrl}/articles/id/${id}`
}

function date(value: string | null | undefined): Date | null {
  if (!value) return null
  const parsed = new Date(value)
  return Number.isNaN(parsed.getTime()) ? null : parsed
}

const clean = (text: string | null | undefined) => stripIllegalChars(text ?? '').trim()

function heroImage(item: FeedItem, cmsUrl: string): FeedImage | null {
  const hero = item.heroImage
  const picture = pictureFromMedia(hero, cmsUrl)
  if (!hero || !picture) return null
  const length = typeof hero.filesize === 'number' && hero.filesize > 0 ? hero.filesize : 0
  const type = typeof hero.mimeType === 'string' && hero.mimeType.startsWith('image/') ? hero.mimeType : 'image/jpeg'
  return { url: picture.src, type, length, width: picture.width, height: picture.height, alt: clean(picture.alt) }
}

function entry(item: FeedItem, siteName: string, { siteUrl, cmsUrl, renderHtml }: FeedModelOptions): FeedEntry {
  const published = date(item.publishedAt) ?? date(item.updatedAt) ?? new Date(0)
  const updated = date(item.updatedAt) ?? published
  const image = heroImage(item, cmsUrl)
  // Feed readers differ on showing enclosures; the hero also leads the body, as on the page.
  const figure = image
    ? `<figure><img src="${escapeHtml(image.url)}" alt="${escapeHtml(image.alt)}" width="${image.width}" height="${image.height}"></figure>`
    : ''
  const bylines = item.bylines ?? {}
  const outdated = isOutdatedPolicy(item.policyStatus) ? item.policyStatus : null
  const notice = outdated ? policyNotice(outdated) : ''
  // The body is optional (a notice may be all summary and attachments); a feed reader shown an empty item
  // says nothing at all, so such an item carries its summary, or its title, as its text.
  const body = renderHtml(item.content, { siteUrl, cmsUrl })
  const text = body.trim() ? body : `<p>${escapeHtml(clean(item.summary) || clean(item.title))}</p>`
  return {
    guid: articleGuid(siteUrl, item.id),
    url: `${siteUrl}/articles/${encodeURIComponent(item.slug ?? String(item.id))}`,
    title: outdated ? `【${POLICY_STATUS_LABELS[outdated]}】${clean(item.title)}` : clean(item.title),
    summary: outdated ? `${notice}${clean(item.summary)}` : clean(item.summary),
    contentHtml: stripIllegalChars((notice ? `<p><strong>${escapeHtml(notice)}</strong></p>` : '') + figure + text),
    published,
    updated: new Date(Math.max(updated.getTime(), published.getTime())),
    author: clean(bylines.author) || clean(bylines.source) || siteName,
    categories: (item.topics ?? []).map((t) => ({ term: clean(t.slug), label: clean(t.name) })),
    image,
  }
}

/** The feed of one scope, from `/api/feed-items`: every URL absolute, every string free of XML-illegal characters. */
export function buildFeedModel(data: FeedItems, options: FeedModelOptions): FeedModel {
  const { siteUrl } = options
  const siteName = clean(data.site?.name) || DEFAULT_SITE_NAME
  const siteDescription = clean(data.site?.description) || siteName
  const path = scopePath(scopeRef(data.scope))
  const { title, description } =
    data.scope.kind === 'section'
      ? {
          title: `${clean(data.scope.label)} - ${siteName}`,
          description: SECTION_DESCRIPTIONS[data.scope.section] ?? siteDescription,
        }
      : data.scope.kind === 'topic'
        ? {
            title: `${clean(data.scope.topic.name)} - ${siteName}`,
            description: clean(data.scope.topic.description) || `${siteName}「${clean(data.scope.topic.name)}」专题`,
          }
        : { title: siteName, description: siteDescription }
  const entries = data.items.map((item) => entry(item, siteName, options))
  const lastModified = date(data.lastModified)
  const newest = entries.reduce<Date | null>((max, e) => (!max || e.updated > max ? e.updated : max), null)
  return {
    title,
    description,
    homeUrl: `${siteUrl}${path || '/'}`,
    feedUrls: feedUrlsFor(path, siteUrl),
    siteName,
    siteUrl,
    language: 'zh-CN',
    updated: lastModified ?? newest ?? new Date(0),
    lastModified: lastModified ?? newest,
    entries,
  }
}
