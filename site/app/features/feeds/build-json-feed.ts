import type { FeedModel } from './feed-model'

/**
 * JSON Feed 1.1 (jsonfeed.org/version/1.1): the same entries as the RSS feed. The `feed` package
 * writes version 1.0 (one `author`, no `language`, no `attachments`), hence this object (ADR 011).
 */
export function buildJsonFeed(model: FeedModel): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: model.title,
    home_page_url: model.homeUrl,
    feed_url: model.feedUrls.json,
    description: model.description,
    language: model.language,
    authors: [{ name: model.siteName, url: `${model.siteUrl}/` }],
    items: model.entries.map((entry) => ({
      id: entry.guid,
      url: entry.url,
      title: entry.title,
      content_html: entry.contentHtml,
      ...(entry.summary ? { summary: entry.summary } : {}),
      ...(entry.image ? { image: entry.image.url } : {}),
      date_published: entry.published.toISOString(),
      date_modified: entry.updated.toISOString(),
      authors: [{ name: entry.author }],
      tags: entry.categories.map((c) => c.label),
      language: model.language,
      ...(entry.image
        ? { attachments: [{ url: entry.image.url, mime_type: entry.image.type, size_in_bytes: entry.image.length }] }
        : {}),
    })),
  }
  return JSON.stringify(feed)
}
