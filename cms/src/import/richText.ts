import { convertHTMLToLexical, editorConfigFactory } from '@payloadcms/richtext-lexical'
import { JSDOM } from 'jsdom'
import type { Payload, RichTextField } from 'payload'
import { isSafeImportUrl } from './text'

/**
 * Imported HTML becomes Lexical through Payload's own converter, with the
 * articles' own editor config: only the node types an editor can make there
 * can come out (scripts, styles, iframes and unknown elements have no import
 * rule and leave at most their text). What the walk below adds is the rest of
 * the editor's allow-list: no inline styles on text, links only with the URLs
 * the editor accepts (fields/richTextLinks.ts), uploads only as saved media.
 */

type Node = { type: string; children?: Node[]; [key: string]: unknown }

function contentField(payload: Payload): RichTextField {
  const field = payload.collections.articles.config.flattenedFields.find((f) => f.name === 'content')
  if (field?.type !== 'richText') throw new Error('articles.content is not a rich text field')
  return field as RichTextField
}

function clean(nodes: Node[] | undefined): Node[] {
  const out: Node[] = []
  for (const node of nodes ?? []) {
    if (node.type === 'link' || node.type === 'autolink') {
      const url = (node.fields as { url?: unknown } | undefined)?.url
      if (!isSafeImportUrl(url) || (typeof url === 'string' && url.startsWith('#'))) {
        out.push(...clean(node.children))
        continue
      }
    }
    if (node.type === 'upload') {
      // Only media this import saved (data-lexical-upload-id); a pending upload would point at a remote URL.
      const value = Number(node.value)
      if (!node.relationTo || !Number.isInteger(value) || value <= 0) continue
      out.push({ ...node, value, pending: undefined })
      continue
    }
    const copy: Node = { ...node }
    if (typeof copy.style === 'string') copy.style = ''
    if (copy.children) copy.children = clean(copy.children)
    out.push(copy)
  }
  return out
}

export async function htmlToLexical(payload: Payload, html: string) {
  const editorConfig = editorConfigFactory.fromField({ field: contentField(payload) })
  const state = convertHTMLToLexical({ editorConfig, html, JSDOM })
  const root = state.root as unknown as Node
  return { ...state, root: { ...root, children: clean(root.children) } } as typeof state
}
