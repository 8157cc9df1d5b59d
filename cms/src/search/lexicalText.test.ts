import { describe, expect, it } from 'vitest'
import { lexicalToPlainText } from './lexicalText'

const text = (t: string) => ({ type: 'text', text: t, format: 0 })
const paragraph = (...children: unknown[]) => ({ type: 'paragraph', children })

describe('lexicalToPlainText', () => {
  it('joins text nodes in order, one block a line', () => {
    const doc = {
      root: {
        type: 'root',
        children: [
          { type: 'heading', tag: 'h2', children: [text('一、总体要求')] },
          paragraph(
            text('加强'),
            { type: 'link', fields: { url: 'https://x' }, children: [text('知识产权')] },
            text('保护'),
          ),
          {
            type: 'list',
            children: [
              { type: 'listitem', children: [text('第一条')] },
              { type: 'listitem', children: [text('第二条')] },
            ],
          },
          { type: 'upload', relationTo: 'media', value: 3 },
          paragraph(text('上一行'), { type: 'linebreak' }, text('下一行')),
        ],
      },
    }
    expect(lexicalToPlainText(doc)).toBe('一、总体要求\n加强知识产权保护\n第一条\n第二条\n上一行\n下一行')
  })
  it('tolerates anything', () => {
    for (const value of [
      null,
      undefined,
      1,
      'x',
      [],
      {},
      { root: null },
      { root: { children: 'x' } },
      { root: { children: [null, 1, { text: 5 }] } },
    ]) {
      expect(lexicalToPlainText(value)).toBe('')
    }
  })
  it('survives a very deep document without overflowing the stack', () => {
    let node: Record<string, unknown> = text('最深处')
    for (let i = 0; i < 100_000; i++) node = { type: 'paragraph', children: [node] }
    expect(lexicalToPlainText({ root: { type: 'root', children: [node] } })).toBe('最深处')
  })
  it('stops at the length limit', () => {
    const doc = { root: { type: 'root', children: [paragraph(text('字'.repeat(1000)))] } }
    expect(lexicalToPlainText(doc, 100)).toHaveLength(100)
  })
})
