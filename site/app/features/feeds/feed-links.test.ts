import { describe, expect, it } from 'vitest'
import { feedLinks } from './feed-links'

describe('feedLinks', () => {
  it('advertises RSS first, then Atom and JSON Feed, for each scope', () => {
    expect(feedLinks({ kind: 'site' }, '联合会').map((l) => [l.type, l.href])).toEqual([
      ['application/rss+xml', '/feed.xml'],
      ['application/atom+xml', '/feed.atom'],
      ['application/feed+json', '/feed.json'],
    ])
    expect(feedLinks({ kind: 'section', section: 'policy', label: '政策解读' }, '联合会')[0]).toEqual({
      href: '/sections/policy/feed.xml',
      title: '联合会 · 政策解读 RSS',
      type: 'application/rss+xml',
    })
    expect(feedLinks({ kind: 'topic', slug: 'zhishi-chanquan', name: '知识产权' }, '联合会')[2].href).toBe(
      '/topics/zhishi-chanquan/feed.json',
    )
  })
})
