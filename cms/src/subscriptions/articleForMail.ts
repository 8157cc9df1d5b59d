import type { Payload } from 'payload'
import { SECTIONS } from '../collections/Articles/sections'
import { absoluteCmsUrl, articleUrl } from './links'
import type { ArticleForMail } from './mail/render'

/**
 * What a mail shows of an article, read at send time from the live (published)
 * document; null when it is no longer published, so an article withdrawn
 * between publishing and sending is not mailed.
 */
export async function loadArticleForMail(payload: Payload, id: number): Promise<ArticleForMail | null> {
  const doc = await payload.findByID({
    collection: 'articles',
    id,
    depth: 1,
    overrideAccess: true,
    disableErrors: true,
    select: {
      title: true,
      summary: true,
      slug: true,
      section: true,
      publishedAt: true,
      heroImage: true,
      topics: true,
      _status: true,
    },
  })
  if (doc?._status !== 'published' || !doc.slug) return null
  const hero = doc.heroImage && typeof doc.heroImage === 'object' ? doc.heroImage : null
  return {
    title: doc.title,
    summary: doc.summary,
    url: articleUrl(doc.slug),
    heroImageUrl: hero?.url ? absoluteCmsUrl(hero.url) : null,
    heroImageAlt: hero?.alt ?? null,
    publishedAt: doc.publishedAt,
    sectionLabel: SECTIONS.find((s) => s.value === doc.section)?.label ?? null,
    topicNames: (doc.topics ?? []).flatMap((t) => (t && typeof t === 'object' ? [t.name] : [])),
  }
}
