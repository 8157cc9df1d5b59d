import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { buildSitemapIndex, buildUrlset, parseSitemapFile, planSitemaps } from './build-sitemap'
import { buildRobotsTxt } from './robots'

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' })

describe('sitemaps', () => {
  it('builds a urlset with escaped locations and W3C dates', () => {
    const xml = buildUrlset([
      { loc: 'https://x.cn/articles/a?b=1&c=2', lastmod: new Date('2016-04-18T02:00:00.123Z') },
      { loc: 'https://x.cn/', lastmod: null },
    ])
    expect(XMLValidator.validate(xml)).toBe(true)
    const urls = parser.parse(xml).urlset.url
    expect(urls[0]).toEqual({ loc: 'https://x.cn/articles/a?b=1&c=2', lastmod: '2016-04-18T02:00:00Z' })
    expect(urls[1]).toEqual({ loc: 'https://x.cn/' })
  })
  it('builds a sitemap index', () => {
    const xml = buildSitemapIndex([
      { loc: 'https://x.cn/sitemaps/pages.xml' },
      { loc: 'https://x.cn/sitemaps/articles-1.xml' },
    ])
    expect(parser.parse(xml).sitemapindex.sitemap).toHaveLength(2)
  })
  it('plans one file up to the limit and an index past it', () => {
    expect(planSitemaps(30, 49_970)).toEqual({ kind: 'single' })
    expect(planSitemaps(30, 49_971)).toEqual({ kind: 'index', articleSitemaps: 1 })
    expect(planSitemaps(30, 100_000)).toEqual({ kind: 'index', articleSitemaps: 2 })
    expect(planSitemaps(30, 100_001)).toEqual({ kind: 'index', articleSitemaps: 3 })
    expect(planSitemaps(2, 5, 4)).toEqual({ kind: 'index', articleSitemaps: 2 })
  })
  it('knows its part files and nothing else', () => {
    expect(parseSitemapFile('pages.xml')).toEqual({ kind: 'pages' })
    expect(parseSitemapFile('articles-12.xml')).toEqual({ kind: 'articles', page: 12 })
    for (const bad of [
      'articles-0.xml',
      'articles-01.xml',
      'articles-1.xml.gz',
      '../pages.xml',
      'articles-1234567.xml',
    ]) {
      expect(parseSitemapFile(bad)).toBeNull()
    }
  })
})

describe('robots.txt', () => {
  it('allows all, keeps previews and searches out and names the sitemap', () => {
    const text = buildRobotsTxt('https://x.cn')
    expect(text).toMatch(/^User-agent: \*$/m)
    expect(text).toMatch(/^Disallow: \/preview$/m)
    expect(text).toMatch(/^Disallow: \/search$/m)
    expect(text).toMatch(/^Sitemap: https:\/\/x\.cn\/sitemap\.xml$/m)
  })
})
