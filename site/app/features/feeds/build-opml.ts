import { stripIllegalChars } from '~/lib/html'
import { escapeXml, XML_DECLARATION } from './xml'

type OpmlFeed = { title: string; description?: string | null; xmlUrl: string; htmlUrl: string }
export type OpmlGroup = { title: string; feeds: OpmlFeed[] }

/** OPML 2.0 subscription list: import it once in a feed reader to follow every listed feed. */
export function buildOpml({
  title,
  ownerName,
  created,
  groups,
}: {
  title: string
  ownerName: string
  created: Date
  groups: OpmlGroup[]
}): string {
  const outline = (feed: OpmlFeed) =>
    `<outline type="rss" text="${escapeXml(feed.title)}" title="${escapeXml(feed.title)}"${
      feed.description ? ` description="${escapeXml(feed.description)}"` : ''
    } xmlUrl="${escapeXml(feed.xmlUrl)}" htmlUrl="${escapeXml(feed.htmlUrl)}" language="zh-CN"/>`
  const lines = [
    XML_DECLARATION,
    '<opml version="2.0">',
    '<head>',
    `<title>${escapeXml(title)}</title>`,
    `<dateCreated>${created.toUTCString()}</dateCreated>`,
    `<ownerName>${escapeXml(ownerName)}</ownerName>`,
    '</head>',
    '<body>',
  ]
  for (const group of groups) {
    if (group.feeds.length === 0) continue
    lines.push(
      `<outline text="${escapeXml(group.title)}" title="${escapeXml(group.title)}">`,
      ...group.feeds.map(outline),
      '</outline>',
    )
  }
  lines.push('</body>', '</opml>')
  return stripIllegalChars(lines.join('\n'))
}
