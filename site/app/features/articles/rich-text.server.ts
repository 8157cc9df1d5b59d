import { convertLexicalToHTML, type HTMLConverter, type HTMLConverters } from '@payloadcms/richtext-lexical/html'
import { describeFile } from '~/lib/files'
import { escapeHtml, safeHref } from '~/lib/html'
import { CONTENT_IMAGE_SIZES, pictureFromMedia } from '~/lib/media'
import { parseSlug } from '~/lib/params'

/**
 * Payload Lexical JSON (as the REST API returns it, uploads populated) to
 * HTML, for article pages and for the body of every feed item.
 *
 * Payload's own walker (`convertLexicalToHTML`) drives the conversion, but
 * every node type an editor can produce has a converter of ours: Payload's
 * defaults emit inline `style` attributes (blocked by a strict CSP and
 * stripped by feed readers), relative media URLs and `href="#"` for rejected
 * links. Ours emit classes, absolute URLs and plain text for unsafe links.
 * Anything without a converter (blocks, raw HTML, future node types) renders
 * only its children's text: nothing an editor types can become markup.
 */

export type RichTextOptions = {
  /** Public origin of the site: relative links and internal links resolve here. */
  siteUrl: string
  /** Public origin of the CMS: media and document URLs resolve here. */
  cmsUrl: string
}

/** Deeper trees are not something an editor makes; cutting them keeps recursion bounded. */
const MAX_DEPTH = 40
const MAX_NODES = 50_000

type LexNode = {
  type: string
  children?: LexNode[]
  [key: string]: unknown
}

/**
 * A structurally safe copy of whatever came in: every node an object with a
 * string `type`, `children` an array or absent, depth and size bounded.
 */
function normalizeTree(content: unknown): LexNode[] {
  if (!content || typeof content !== 'object') return []
  const root = (content as { root?: unknown }).root
  if (!root || typeof root !== 'object') return []
  let budget = MAX_NODES
  const walk = (nodes: unknown, depth: number): LexNode[] => {
    if (!Array.isArray(nodes) || depth > MAX_DEPTH) return []
    const out: LexNode[] = []
    for (const node of nodes) {
      if (budget-- <= 0) break
      if (!node || typeof node !== 'object' || Array.isArray(node)) continue
      const { type, children } = node as { type?: unknown; children?: unknown }
      if (typeof type !== 'string') continue
      const copy: LexNode = { ...(node as Record<string, unknown>), type }
      if (children !== undefined) copy.children = walk(children, depth + 1)
      out.push(copy)
    }
    return out
  }
  return walk((root as { children?: unknown }).children, 0)
}

const FORMAT = {
  bold: 1,
  italic: 2,
  strikethrough: 4,
  underline: 8,
  code: 16,
  subscript: 32,
  superscript: 64,
  highlight: 128,
}

function alignClass(node: LexNode): string {
  if (node.format === 'center') return ' class="align-center"'
  if (node.format === 'right' || node.format === 'end') return ' class="align-right"'
  return ''
}

function boundedInt(value: unknown, min: number, max: number): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : null
}

type Converter = HTMLConverter<LexNode>
type ChildrenOf = Parameters<Exclude<Converter, string>>[0]

const childrenHtml = ({ node, nodesToHTML }: ChildrenOf): string =>
  nodesToHTML({ nodes: (node.children ?? []) as never }).join('')

function linkTarget(node: LexNode, opts: RichTextOptions): string | null {
  const fields = (node.fields ?? {}) as { url?: unknown; linkType?: unknown; doc?: unknown }
  if (fields.linkType === 'internal') {
    const doc = fields.doc as { relationTo?: unknown; value?: unknown } | undefined
    const value = doc?.value as { slug?: unknown } | undefined
    // Only a slug of ours: anything else (a lone surrogate made encodeURIComponent throw, and Payload's walker
    // then dropped the link with its words; found by test/properties/rich-text.test.ts) keeps its words, unlinked.
    const slug = parseSlug(value?.slug)
    if (!slug) return null
    if (doc?.relationTo === 'articles') return safeHref(`/articles/${encodeURIComponent(slug)}`, opts.siteUrl)
    if (doc?.relationTo === 'pages') return safeHref(`/${encodeURIComponent(slug)}`, opts.siteUrl)
    return null
  }
  return safeHref(fields.url, opts.siteUrl)
}

function renderLink(args: ChildrenOf, opts: RichTextOptions): string {
  const inner = childrenHtml(args)
  const href = linkTarget(args.node, opts)
  // An unsafe or unresolvable link keeps its words and loses its link.
  if (!href) return inner
  const newTab = (args.node.fields as { newTab?: unknown } | undefined)?.newTab === true
  return `<a href="${escapeHtml(href)}"${newTab ? ' target="_blank" rel="noopener noreferrer"' : ''}>${inner}</a>`
}

function renderUpload(node: LexNode, opts: RichTextOptions): string {
  const value = node.value
  if (!value || typeof value !== 'object') return ''
  const doc = value as Record<string, unknown>
  if (typeof doc.mimeType === 'string' && !doc.mimeType.startsWith('image/')) {
    const href = safeHref(doc.url, opts.cmsUrl)
    if (!href) return ''
    const label = typeof doc.title === 'string' && doc.title ? doc.title : doc.filename
    return `<p class="rt-file"><a href="${escapeHtml(href)}">${escapeHtml(label)}</a>（${escapeHtml(describeFile(doc.mimeType, doc.filesize, doc.filename))}）</p>`
  }
  const picture = pictureFromMedia(doc, opts.cmsUrl)
  if (!picture) return ''
  const fieldAlt = (node.fields as { alt?: unknown } | undefined)?.alt
  const alt = typeof fieldAlt === 'string' && fieldAlt.trim() ? fieldAlt : picture.alt
  const sources = picture.sources
    .map((s) => `<source type="${s.type}" srcset="${escapeHtml(s.srcset)}" sizes="${CONTENT_IMAGE_SIZES}">`)
    .join('')
  const img = `<img src="${escapeHtml(picture.src)}" alt="${escapeHtml(alt)}" width="${picture.width}" height="${picture.height}" loading="lazy" decoding="async">`
  const caption = picture.caption ? `<figcaption>${escapeHtml(picture.caption)}</figcaption>` : ''
  return `<figure class="rt-image"><picture>${sources}${img}</picture>${caption}</figure>`
}

function converters(opts: RichTextOptions): HTMLConverters {
  const text: Converter = ({ node }) => {
    let html = escapeHtml(node.text)
    const format = typeof node.format === 'number' ? node.format : 0
    if (format & FORMAT.code) html = `<code>${html}</code>`
    if (format & FORMAT.highlight) html = `<mark>${html}</mark>`
    if (format & FORMAT.subscript) html = `<sub>${html}</sub>`
    else if (format & FORMAT.superscript) html = `<sup>${html}</sup>`
    if (format & FORMAT.strikethrough) html = `<s>${html}</s>`
    if (format & FORMAT.underline) html = `<u>${html}</u>`
    if (format & FORMAT.italic) html = `<em>${html}</em>`
    if (format & FORMAT.bold) html = `<strong>${html}</strong>`
    return html
  }

  const list: Converter = (args) => {
    const tag = args.node.tag === 'ol' ? 'ol' : 'ul'
    const checklist = args.node.listType === 'check'
    return `<${tag}${checklist ? ' class="checklist"' : ''}>${childrenHtml(args)}</${tag}>`
  }

  const listitem: Converter = (args) => {
    const { node, parent } = args
    const nested = (node.children ?? []).some((child) => child.type === 'list')
    const checked =
      (parent as { listType?: unknown }).listType === 'check' ? (node.checked === true ? 'checked' : 'unchecked') : ''
    const classes = [nested ? 'nested' : '', checked].filter(Boolean).join(' ')
    return `<li${classes ? ` class="${classes}"` : ''}>${childrenHtml(args)}</li>`
  }

  const tablecell: Converter = (args) => {
    const tag = typeof args.node.headerState === 'number' && args.node.headerState > 0 ? 'th' : 'td'
    const colspan = boundedInt(args.node.colSpan, 2, 100)
    const rowspan = boundedInt(args.node.rowSpan, 2, 1000)
    return `<${tag}${colspan ? ` colspan="${colspan}"` : ''}${rowspan ? ` rowspan="${rowspan}"` : ''}>${childrenHtml(args)}</${tag}>`
  }

  const all: Record<string, Converter> = {
    text,
    linebreak: '<br>',
    tab: '\t',
    horizontalrule: '<hr>',
    paragraph: (args) => {
      const inner = childrenHtml(args)
      // Blank lines typed for spacing are layout, not content; CSS spaces paragraphs.
      return inner.trim() ? `<p${alignClass(args.node)}>${inner}</p>` : ''
    },
    heading: (args) => {
      // The page title is the only h1; an editor's h1 becomes the top body level.
      // Not String(tag): a tag that is an object without a usable toString throws, and Payload's walker then
      // drops the whole heading, text and all (found by test/properties/rich-text.test.ts).
      const level = /^h([1-6])$/.exec(typeof args.node.tag === 'string' ? args.node.tag : '')?.[1] ?? '2'
      const tag = `h${Math.max(2, Number(level))}`
      return `<${tag}${alignClass(args.node)}>${childrenHtml(args)}</${tag}>`
    },
    quote: (args) => `<blockquote>${childrenHtml(args)}</blockquote>`,
    list,
    listitem,
    link: (args) => renderLink(args, opts),
    autolink: (args) => renderLink(args, opts),
    upload: ({ node }) => renderUpload(node, opts),
    table: (args) => `<div class="table-wrap"><table><tbody>${childrenHtml(args)}</tbody></table></div>`,
    tablerow: (args) => `<tr>${childrenHtml(args)}</tr>`,
    tablecell,
    // Blocks, raw HTML and node types added later: their text only, never their markup.
    unknown: (args) => childrenHtml(args),
  }
  return all as HTMLConverters
}

export function renderRichTextHtml(content: unknown, opts: RichTextOptions): string {
  const children = normalizeTree(content)
  if (!children.length) return ''
  const data = { root: { type: 'root', children, direction: null, format: '', indent: 0, version: 1 } }
  return convertLexicalToHTML({
    data: data as never,
    converters: converters(opts),
    disableContainer: true,
    disableIndent: true,
    disableTextAlign: true,
  })
}

/**
 * The readable text of a Lexical document, for reading time, read-aloud and
 * descriptions. Same normalisation as the HTML, so the two never disagree.
 */
export function richTextPlainText(content: unknown): string {
  const parts: string[] = []
  const walk = (nodes: LexNode[]) => {
    for (const node of nodes) {
      if (node.type === 'text' && typeof node.text === 'string') parts.push(node.text)
      else if (node.type === 'linebreak') parts.push('\n')
      if (node.children) walk(node.children)
      if (['paragraph', 'heading', 'quote', 'listitem'].includes(node.type)) parts.push('\n')
    }
  }
  walk(normalizeTree(content))
  return parts
    .join('')
    .replace(/\n{2,}/g, '\n')
    .trim()
}
