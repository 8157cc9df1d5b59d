/**
 * The readable text of a Lexical document, for the search index: text nodes in
 * order, block nodes on lines of their own. Tolerates anything (a hand-made
 * REST payload can hold any JSON): unknown shapes contribute nothing.
 */

/** Indexing stops here: nobody searches the 200,001st character, and tsvector has a 1 MB ceiling. */
const MAX_INDEXED_TEXT = 200_000

const INLINE_TYPES = new Set(['text', 'link', 'autolink', 'linebreak', 'tab'])

type LexicalNode = { type?: unknown; text?: unknown; children?: unknown }

function isNode(value: unknown): value is LexicalNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function lexicalToPlainText(content: unknown, maxLength = MAX_INDEXED_TEXT): string {
  const root =
    isNode(content) && isNode((content as { root?: unknown }).root) ? (content as { root: LexicalNode }).root : null
  if (!root) return ''
  const parts: string[] = []
  let size = 0
  const push = (text: string) => {
    parts.push(text)
    size += text.length
  }
  // Iterative walk: a maliciously deep document must not overflow the stack.
  const stack: unknown[] = [root]
  while (stack.length > 0 && size < maxLength) {
    const node = stack.pop()
    if (typeof node === 'string') {
      push(node)
      continue
    }
    if (!isNode(node)) continue
    if (node.type === 'text' && typeof node.text === 'string') push(node.text)
    else if (node.type === 'linebreak') push('\n')
    else if (node.type === 'tab') push(' ')
    const children = Array.isArray(node.children) ? node.children : []
    const isBlock = typeof node.type === 'string' && !INLINE_TYPES.has(node.type) && node !== root
    // Pushed in reverse so they pop in reading order; the block's newline comes after its children.
    if (isBlock) stack.push('\n')
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
  }
  return parts
    .join('')
    .slice(0, maxLength)
    .replace(/[ \t]*\n[ \t\n]*/g, '\n')
    .trim()
}
