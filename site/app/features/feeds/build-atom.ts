import { stripIllegalChars } from '~/lib/html'
import type { FeedModel } from './feed-model'
import { escapeXml, isoSeconds, XML_DECLARATION } from './xml'

/**
 * Atom 1.0 (RFC 4287): the same entries as the RSS feed, full body as escaped HTML content.
 * Written here rather than with the `feed` package, whose XML writer leaves `<` raw in attributes,
 * splits only the first `]]>` of a CDATA section and forces `type="html"` titles (ADR 011).
 */
export function buildAtom(model: FeedModel): string {
  const lines = [
    XML_DECLARATION,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${model.language}">`,
    `<id>${escapeXml(model.feedUrls.atom)}</id>`,
    `<title>${escapeXml(model.title)}</title>`,
    `<subtitle>${escapeXml(model.description)}</subtitle>`,
    `<updated>${isoSeconds(model.updated)}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(model.feedUrls.atom)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(model.homeUrl)}"/>`,
    `<author><name>${escapeXml(model.siteName)}</name><uri>${escapeXml(`${model.siteUrl}/`)}</uri></author>`,
    `<generator>${escapeXml(model.siteName)}</generator>`,
    `<rights>© ${escapeXml(model.siteName)}</rights>`,
  ]
  for (const entry of model.entries) {
    lines.push(
      '<entry>',
      `<id>${escapeXml(entry.guid)}</id>`,
      `<title type="text">${escapeXml(entry.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(entry.url)}"/>`,
      `<published>${isoSeconds(entry.published)}</published>`,
      `<updated>${isoSeconds(entry.updated)}</updated>`,
      `<author><name>${escapeXml(entry.author)}</name></author>`,
      ...entry.categories.map(
        (c) =>
          `<category term="${escapeXml(c.term)}" label="${escapeXml(c.label)}" scheme="${escapeXml(`${model.siteUrl}/topics/`)}"/>`,
      ),
      entry.summary ? `<summary type="text">${escapeXml(entry.summary)}</summary>` : '',
      `<content type="html">${escapeXml(entry.contentHtml)}</content>`,
      entry.image
        ? `<link rel="enclosure" type="${escapeXml(entry.image.type)}" length="${entry.image.length}" href="${escapeXml(entry.image.url)}"/>`
        : '',
      '</entry>',
    )
  }
  lines.push('</feed>')
  return stripIllegalChars(lines.filter(Boolean).join('\n'))
}
