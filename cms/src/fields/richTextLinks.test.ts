import { describe, expect, it } from 'vitest'
import { findUnsafeLink, isSafeLinkUrl } from './richTextLinks'

const doc = (...links: Array<Record<string, unknown>>) => ({
  root: {
    type: 'root',
    children: [
      {
        type: 'paragraph',
        children: links.map((fields) => ({ type: 'link', fields, children: [{ type: 'text', text: '链接' }] })),
      },
    ],
  },
})

describe('rich-text link URLs', () => {
  it('accepts http(s), mailto, tel and relative links', () => {
    for (const url of [
      'https://www.gov.cn/',
      'http://a.example',
      'mailto:a@b.cn',
      'tel:021-1234',
      '/about',
      'x/y',
      '#top',
    ])
      expect(isSafeLinkUrl(url), url).toBe(true)
  })

  it('refuses script and data URLs however they are spelled', () => {
    for (const url of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\nscript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
    ])
      expect(isSafeLinkUrl(url), JSON.stringify(url)).toBe(false)
  })

  it('finds the first unsafe link anywhere in a document, skipping internal links', () => {
    expect(findUnsafeLink(doc({ url: 'https://ok.example' }, { linkType: 'internal', doc: { value: 1 } }))).toBeNull()
    expect(findUnsafeLink(doc({ url: 'https://ok.example' }, { url: 'javascript:alert(1)' }))).toBe(
      'javascript:alert(1)',
    )
    expect(findUnsafeLink(null)).toBeNull()
  })
})
