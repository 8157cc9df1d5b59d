import RSS from 'rss'
import { escapeHtml, stripIllegalChars } from '~/lib/html'
import type { FeedModel } from './feed-model'

/** RSS 2.0 with content:encoded (full body), dc:creator, enclosure and atom:link rel=self, via the `rss` package. */
export function buildRss(model: FeedModel): string {
  const feed = new RSS({
    title: model.title,
    // RSS descriptions are HTML to feed readers; ours are plain text, so they go out escaped (`<` as `&lt;`).
    description: escapeHtml(model.description),
    site_url: model.homeUrl,
    feed_url: model.feedUrls.rss,
    language: model.language,
    pubDate: model.updated,
    ttl: 60,
    generator: model.siteName,
    copyright: `© ${model.siteName}`,
    custom_namespaces: { content: 'http://purl.org/rss/1.0/modules/content/' },
  })
  for (const entry of model.entries) {
    feed.item({
      title: entry.title,
      description: escapeHtml(entry.summary || entry.title),
      url: entry.url,
      guid: entry.guid,
      date: entry.published,
      author: entry.author,
      categories: entry.categories.map((c) => c.label),
      enclosure: entry.image ? { url: entry.image.url, size: entry.image.length, type: entry.image.type } : undefined,
      custom_elements: [{ 'content:encoded': { _cdata: entry.contentHtml } }],
    })
  }
  // The package stamps lastBuildDate with the clock, which would change the ETag every second and
  // defeat every 304: the channel's element (the first one, before any item) gets the content's date.
  const xml = feed
    .xml()
    .replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, `<lastBuildDate>${model.updated.toUTCString()}</lastBuildDate>`)
  // The model is clean already; this guards against anything the package adds.
  return stripIllegalChars(xml)
}
