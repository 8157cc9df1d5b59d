import type { FeedItem, FeedItems } from '@newsroom/cms/contract'
import fc from 'fast-check'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { renderRichTextHtml } from '~/features/articles/rich-text.server'
import { buildAtom } from './build-atom'
import { buildJsonFeed } from './build-json-feed'
import { buildOpml } from './build-opml'
import { buildRss } from './build-rss'
import { buildFeedModel } from './feed-model'

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/
const SITE = 'https://www.example.org.cn'
const CMS = 'https://cms.example.org.cn'
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', cdataPropName: false })

function item(id: number, overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    id,
    title: `第${id}篇：知识产权服务对接会`,
    slug: `wenzhang-${id}`,
    section: 'notice',
    summary: '联合会将举办知识产权与科技金融服务对接会。',
    content: {
      root: {
        type: 'root',
        children: [
          {
            type: 'paragraph',
            children: [
              { type: 'text', text: '详见', format: 0 },
              {
                type: 'link',
                fields: { linkType: 'custom', url: '/about' },
                children: [{ type: 'text', text: '联合会简介', format: 0 }],
              },
            ],
          },
        ],
      },
    } as unknown as FeedItem['content'],
    publishedAt: `2016-0${(id % 9) + 1}-18T02:00:00.000Z`,
    updatedAt: '2026-11-27T03:21:42.216Z',
    bylines: { source: '普陀区科技企业联合会', author: '秘书处' },
    heroImage: {
      id: 9,
      alt: '会议现场',
      url: `${CMS}/api/media/file/hui-yi.jpg`,
      filename: 'hui-yi.jpg',
      mimeType: 'image/jpeg',
      filesize: 55792,
      width: 1600,
      height: 900,
      updatedAt: '2026-11-27T03:21:42.216Z',
      createdAt: '2026-11-27T03:21:42.216Z',
    },
    topics: [
      { id: 3, name: '知识产权', slug: 'zhishi-chanquan' },
      { id: 4, name: '金融服务', slug: 'jinrong-fuwu' },
    ],
    ...overrides,
  }
}

function feed(items: FeedItem[], scope: FeedItems['scope'] = { kind: 'site' }): FeedItems {
  return {
    scope,
    site: { name: '普陀区科技企业联合会', description: '联合会官方网站' },
    lastModified: '2026-11-27T03:21:46.267Z',
    items,
  }
}

const model = (data: FeedItems) => buildFeedModel(data, { siteUrl: SITE, cmsUrl: CMS, renderHtml: renderRichTextHtml })

describe('RSS 2.0', () => {
  const xml = buildRss(model(feed([item(1), item(2)])))
  const rss = parser.parse(xml).rss

  it('is well-formed RSS 2.0 with atom:link rel=self', () => {
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(rss['@version']).toBe('2.0')
    expect(rss.channel['atom:link']).toMatchObject({
      '@href': `${SITE}/feed.xml`,
      '@rel': 'self',
      '@type': 'application/rss+xml',
    })
    expect(rss.channel.link).toBe(`${SITE}/`)
    expect(rss.channel.language).toBe('zh-CN')
  })
  it('gives every item a stable id-based GUID, an absolute link, full content, categories and the hero enclosure', () => {
    const [first] = rss.channel.item
    expect(first.guid['#text']).toBe(`${SITE}/articles/id/1`)
    expect(first.guid['@isPermaLink']).toBe('false')
    expect(first.link).toBe(`${SITE}/articles/wenzhang-1`)
    expect(first.category).toEqual(['知识产权', '金融服务'])
    expect(first.enclosure).toMatchObject({
      '@url': `${CMS}/api/media/file/hui-yi.jpg`,
      '@length': '55792',
      '@type': 'image/jpeg',
    })
    expect(first['content:encoded']).toContain(`href="${SITE}/about"`)
    expect(first['content:encoded']).toContain(`src="${CMS}/api/media/file/hui-yi.jpg"`)
    expect(first['dc:creator']).toBe('秘书处')
    expect(new Date(first.pubDate).toISOString()).toBe('2016-02-18T02:00:00.000Z')
  })
  it('is the same bytes for the same content, whatever the clock says (stable ETag)', async () => {
    const again = buildRss(model(feed([item(1), item(2)])))
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect(buildRss(model(feed([item(1), item(2)])))).toBe(again)
    expect(rss.channel.lastBuildDate).toBe(new Date('2026-11-27T03:21:46.267Z').toUTCString())
  })
  it('has no relative URL anywhere', () => {
    expect(xml).not.toMatch(/(?:href|src)="\/(?!\/)/)
  })
})

describe('hostile text', () => {
  const nasty = `标题\u0000\u0001\u000B\uFFFE\uD800]]><script>alert(1)</script>&amp;`
  const data = feed([
    item(7, { title: nasty, summary: nasty, topics: [{ id: 1, name: nasty, slug: 'x' }], bylines: { author: nasty } }),
  ])

  const expected = '标题]]><script>alert(1)</script>&amp;'
  it.each([
    ['rss', buildRss, (doc: any) => doc.rss.channel.item.title],
    ['atom', buildAtom, (doc: any) => doc.feed.entry.title['#text']],
  ])('keeps %s well-formed and the text intact, as text', (_name, build, title) => {
    const xml = build(model(data))
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(xml).not.toMatch(XML_ILLEGAL)
    expect(
      title(new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true }).parse(xml)),
    ).toBe(expected)
  })
  it('keeps JSON Feed parseable without control characters', () => {
    const json = JSON.parse(buildJsonFeed(model(data)))
    expect(json.items[0].title).toBe('标题]]><script>alert(1)</script>&amp;')
  })
  it('for any text in any field: every format stays well-formed', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.string({ unit: 'binary', maxLength: 60 }),
        (title, summary) => {
          const m = model(feed([item(3, { title, summary, bylines: { author: summary } })]))
          expect(XMLValidator.validate(buildRss(m))).toBe(true)
          expect(XMLValidator.validate(buildAtom(m))).toBe(true)
          expect(() => JSON.parse(buildJsonFeed(m))).not.toThrow()
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('Atom', () => {
  const xml = buildAtom(model(feed([item(1)], { kind: 'section', section: 'notice', label: '通知公告' })))
  const atom = parser.parse(xml).feed

  it('names the section feed and links itself', () => {
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(atom.title).toBe('通知公告 - 普陀区科技企业联合会')
    const links = [atom.link].flat()
    expect(links).toContainEqual(
      expect.objectContaining({ '@rel': 'self', '@href': `${SITE}/sections/notice/feed.atom` }),
    )
    expect(links).toContainEqual(expect.objectContaining({ '@rel': 'alternate', '@href': `${SITE}/sections/notice` }))
  })
  it('has ids, dates, categories, content and an enclosure per entry', () => {
    const entry = atom.entry
    expect(entry.id).toBe(`${SITE}/articles/id/1`)
    expect(entry.published).toBe('2016-02-18T02:00:00Z')
    expect(entry.updated).toBe('2026-11-27T03:21:42Z')
    expect([entry.category].flat().map((c: Record<string, string>) => c['@label'])).toEqual(['知识产权', '金融服务'])
    expect(entry.content['@type']).toBe('html')
    expect(entry.content['#text']).toContain('<figure><img')
    expect([entry.link].flat()).toContainEqual(expect.objectContaining({ '@rel': 'enclosure', '@length': '55792' }))
  })
})

describe('JSON Feed 1.1', () => {
  const json = JSON.parse(
    buildJsonFeed(
      model(
        feed([item(1)], {
          kind: 'topic',
          topic: { id: 3, name: '知识产权', slug: 'zhishi-chanquan', description: null },
        }),
      ),
    ),
  )
  it('follows the 1.1 shape', () => {
    expect(json.version).toBe('https://jsonfeed.org/version/1.1')
    expect(json.feed_url).toBe(`${SITE}/topics/zhishi-chanquan/feed.json`)
    expect(json.home_page_url).toBe(`${SITE}/topics/zhishi-chanquan`)
    expect(json.items[0]).toMatchObject({
      id: `${SITE}/articles/id/1`,
      url: `${SITE}/articles/wenzhang-1`,
      tags: ['知识产权', '金融服务'],
      attachments: [{ url: `${CMS}/api/media/file/hui-yi.jpg`, mime_type: 'image/jpeg', size_in_bytes: 55792 }],
    })
  })
})

describe('feed model', () => {
  it('survives an article without hero, topics, summary or bylines', () => {
    const m = model(
      feed([item(5, { heroImage: null, topics: [], summary: null, bylines: undefined, content: null as never })]),
    )
    expect(m.entries[0]).toMatchObject({ image: null, categories: [], summary: '', author: '普陀区科技企业联合会' })
    expect(XMLValidator.validate(buildRss(m))).toBe(true)
  })
  it('gives an article without a body its summary, else its title, as text', () => {
    const [withSummary, titleOnly] = model(
      feed([
        item(6, { content: null as never, heroImage: null, summary: '只有摘要<的>通知' }),
        item(7, { content: null as never, heroImage: null, summary: null }),
      ]),
    ).entries
    expect(withSummary!.contentHtml).toBe('<p>只有摘要&lt;的&gt;通知</p>')
    expect(titleOnly!.contentHtml).toBe('<p>第7篇：知识产权服务对接会</p>')
  })
  it('takes Last-Modified from the CMS, else the newest item', () => {
    expect(model(feed([item(1)])).lastModified?.toISOString()).toBe('2026-11-27T03:21:46.267Z')
    expect(model({ ...feed([item(1)]), lastModified: null }).lastModified?.toISOString()).toBe(
      '2026-11-27T03:21:42.216Z',
    )
    expect(model({ ...feed([]), lastModified: null }).lastModified).toBeNull()
  })
})

describe('OPML', () => {
  it('lists feeds in groups, escaped', () => {
    const xml = buildOpml({
      title: '订阅源',
      ownerName: '联合会',
      created: new Date('2016-04-18T00:00:00Z'),
      groups: [
        {
          title: '专题',
          feeds: [{ title: 'A & <B>', xmlUrl: `${SITE}/topics/a/feed.xml`, htmlUrl: `${SITE}/topics/a` }],
        },
        { title: '空', feeds: [] },
      ],
    })
    expect(XMLValidator.validate(xml)).toBe(true)
    const opml = parser.parse(xml).opml
    expect(opml['@version']).toBe('2.0')
    expect(opml.body.outline['@text']).toBe('专题')
    expect(opml.body.outline.outline).toMatchObject({
      '@type': 'rss',
      '@text': 'A & <B>',
      '@xmlUrl': `${SITE}/topics/a/feed.xml`,
    })
  })
})
