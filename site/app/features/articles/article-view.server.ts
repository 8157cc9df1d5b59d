import type { ArticleDetail } from '@newsroom/cms/contract'
import { env } from '~/lib/env.server'
import { describeFile } from '~/lib/files'
import { countReadableCharacters, formatDateLong, readingMinutes } from '~/lib/format'
import { safeHref } from '~/lib/html'
import { pictureFromMedia } from '~/lib/media'
import { SECTION_LABELS } from '~/lib/sections'
import { isOutdatedPolicy, policyNotice } from './policy-status'
import { renderRichTextHtml, richTextPlainText } from './rich-text.server'

/**
 * An article as the page shows it: HTML body, pictures, cards and bylines
 * computed on the server, so the component only lays them out and the
 * browser receives no CMS document it does not need.
 */
export type ArticleView = ReturnType<typeof buildArticleView>

export type FileLink = { title: string; href: string; description: string }

function fileLink(doc: unknown): FileLink | null {
  if (!doc || typeof doc !== 'object') return null
  const d = doc as Record<string, unknown>
  const href = safeHref(d.url, env.CMS_URL)
  if (!href) return null
  const title = typeof d.title === 'string' && d.title ? d.title : typeof d.filename === 'string' ? d.filename : '附件'
  return { title, href, description: describeFile(d.mimeType, d.filesize, d.filename) }
}

export function buildArticleView(article: ArticleDetail) {
  const opts = { siteUrl: env.SITE_URL, cmsUrl: env.CMS_URL }
  const text = richTextPlainText(article.content)
  const characters = countReadableCharacters(`${article.title}${article.summary ?? ''}${text}`)
  const topics = (article.topics ?? []).flatMap((t) =>
    typeof t === 'object' ? [{ id: t.id, name: t.name, slug: t.slug }] : [],
  )
  const policy = article.section === 'policy' ? article.policy : undefined
  const park = article.section === 'park' ? article.park : undefined
  const policyCard =
    policy &&
    (policy.originalTitle || policy.documentNumber || policy.issuer || policy.originalUrl || policy.originalFile)
      ? {
          originalTitle: policy.originalTitle ?? null,
          documentNumber: policy.documentNumber ?? null,
          issuer: policy.issuer ?? null,
          issuedDate: policy.issuedDate ? formatDateLong(policy.issuedDate) : null,
          originalUrl: safeHref(policy.originalUrl, env.SITE_URL),
          originalFile: fileLink(policy.originalFile),
        }
      : null
  const replacement =
    policy?.replacedBy && typeof policy.replacedBy === 'object' && policy.replacedBy.slug
      ? { title: policy.replacedBy.title, href: `/articles/${policy.replacedBy.slug}` }
      : null
  const policyBanner =
    policy && isOutdatedPolicy(policy.status)
      ? { status: policy.status, text: policyNotice(policy.status, replacement?.title), replacement }
      : null
  const replaces = (article.replaces ?? []).map((x) => ({ title: x.title, href: `/articles/${x.slug}` }))
  const parkCard =
    park && (park.location || park.foundedDate || park.focusIndustries?.length || park.contact || park.website)
      ? {
          location: park.location ?? null,
          foundedDate: park.foundedDate ?? null,
          focusIndustries: park.focusIndustries ?? [],
          contact: park.contact ?? null,
          website: safeHref(park.website, env.SITE_URL),
        }
      : null
  return {
    id: article.id,
    title: article.title,
    slug: article.slug ?? '',
    section: article.section,
    sectionLabel: SECTION_LABELS[article.section],
    summary: article.summary ?? null,
    publishedAt: article.publishedAt ?? null,
    updatedAt: article.updatedAt,
    bylines: {
      source: article.bylines?.source || null,
      author: article.bylines?.author || null,
      editor: article.bylines?.editor || null,
    },
    topics,
    hero: pictureFromMedia(article.heroImage, env.CMS_URL),
    ogImage: pictureFromMedia(article.meta?.image, env.CMS_URL),
    metaTitle: article.meta?.title || null,
    metaDescription: article.meta?.description || null,
    html: renderRichTextHtml(article.content, opts),
    characters,
    readingMinutes: readingMinutes(characters),
    attachments: (article.attachments ?? []).flatMap((doc) => fileLink(doc) ?? []),
    policyCard,
    policyBanner,
    replaces,
    parkCard,
  }
}

/** schema.org NewsArticle for search engines (SPEC: articles carry JSON-LD). */
export function newsArticleJsonLd(view: ArticleView, url: string, siteName: string, siteUrl: string) {
  const image = view.hero ?? view.ogImage
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: view.title.slice(0, 110),
    description: view.metaDescription ?? view.summary ?? undefined,
    datePublished: view.publishedAt ?? undefined,
    dateModified: view.updatedAt,
    inLanguage: 'zh-CN',
    articleSection: view.sectionLabel,
    keywords: view.topics.map((t) => t.name).join(',') || undefined,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    image: image ? [image.src] : undefined,
    author: view.bylines.author
      ? { '@type': 'Person', name: view.bylines.author }
      : { '@type': 'Organization', name: view.bylines.source ?? siteName },
    publisher: {
      '@type': 'Organization',
      name: siteName,
      url: siteUrl,
      logo: { '@type': 'ImageObject', url: `${siteUrl}/logo.png` },
    },
    wordCount: view.characters,
  }
}
