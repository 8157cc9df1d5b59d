/**
 * Tiny, pure builders for the Lexical editor state Payload stores in `richText`
 * fields. The shapes mirror what the editor itself serialises (lexical 0.50 /
 * @payloadcms/richtext-lexical 3.90), so content written here opens in the admin
 * exactly as if staff had typed it — no "normalising" diff on first save.
 */
import { randomBytes } from 'node:crypto'

/** The `content` field of an article or page, as the generated types describe it. */
export type LexicalState = {
  root: {
    type: string
    children: LexicalNode[]
    direction: 'ltr' | 'rtl' | null
    format: '' | 'left' | 'start' | 'center' | 'right' | 'end' | 'justify'
    indent: number
    version: number
  }
  [k: string]: unknown
}

export type LexicalNode = { type: string; version: number; [k: string]: unknown }

export type TextNode = {
  type: 'text'
  version: 1
  text: string
  detail: 0
  /** Bit flags: 1 bold, 2 italic … (lexical TextFormatType). */
  format: number
  mode: 'normal'
  style: ''
}

export type ParagraphNode = {
  type: 'paragraph'
  version: 1
  children: TextNode[]
  direction: 'ltr' | null
  format: ''
  indent: 0
  /** lexical ≥0.19 records the format of the first text run on the paragraph itself. */
  textFormat: number
  textStyle: ''
}

export type HeadingTag = 'h2' | 'h3' | 'h4'

export type HeadingNode = {
  type: 'heading'
  version: 1
  tag: HeadingTag
  children: TextNode[]
  direction: 'ltr' | null
  format: ''
  indent: 0
}

/**
 * An inline image. Version 3 of the node carries its own `id` (a 24-hex
 * ObjectID, see UploadServerNode.importJSON) distinct from the media document's
 * id in `value`; `fields: null` is what the admin's upload drawer writes when
 * the upload collection defines no extra per-node fields.
 */
export type UploadNode = {
  type: 'upload'
  version: 3
  id: string
  relationTo: 'media'
  value: number
  fields: null
  format: ''
}

function text(value: string, format = 0): TextNode {
  return { type: 'text', version: 1, text: value, detail: 0, format, mode: 'normal', style: '' }
}

/** An empty paragraph has no children: lexical never stores empty text nodes. */
export function paragraph(value: string | TextNode[]): ParagraphNode {
  const children = typeof value === 'string' ? (value ? [text(value)] : []) : value
  return {
    type: 'paragraph',
    version: 1,
    children,
    direction: children.length ? 'ltr' : null,
    format: '',
    indent: 0,
    textFormat: children[0]?.format ?? 0,
    textStyle: '',
  }
}

export function heading(value: string, tag: HeadingTag = 'h2'): HeadingNode {
  return { type: 'heading', version: 1, tag, children: [text(value)], direction: 'ltr', format: '', indent: 0 }
}

/** A lexical-style node id: 12 random bytes in hex, like bson-objectid produces. */
function nodeId(): string {
  return randomBytes(12).toString('hex')
}

export function upload(mediaId: number, id: string = nodeId()): UploadNode {
  return { type: 'upload', version: 3, id, relationTo: 'media', value: mediaId, fields: null, format: '' }
}

/** Wraps block nodes in the root node Payload expects. */
export function editorState(children: LexicalNode[]): LexicalState {
  return { root: { type: 'root', version: 1, children, direction: 'ltr', format: '', indent: 0 } }
}

/** The common case: a body made of plain paragraphs. */
export function paragraphs(texts: string[]): LexicalState {
  return editorState(texts.map((t) => paragraph(t)))
}
