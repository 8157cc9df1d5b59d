import { describe, expect, it } from 'vitest'
import { jsonLd, pagedPath, seoMeta } from './seo'

const matches = [
  { id: 'root', data: { siteUrl: 'https://www.example.org', site: { siteName: '联合会', description: '站点简介' } } },
]

describe('seoMeta', () => {
  it('gives title, description, canonical and Open Graph', () => {
    const tags = seoMeta(matches, {
      title: '年会',
      description: '  第一行\n第二行 ',
      path: '/articles/nianhui',
      type: 'article',
      tags: ['会员活动'],
    })
    expect(tags).toContainEqual({ title: '年会 - 联合会' })
    expect(tags).toContainEqual({ name: 'description', content: '第一行 第二行' })
    expect(tags).toContainEqual({ tagName: 'link', rel: 'canonical', href: 'https://www.example.org/articles/nianhui' })
    expect(tags).toContainEqual({ property: 'og:url', content: 'https://www.example.org/articles/nianhui' })
    expect(tags).toContainEqual({ property: 'article:tag', content: '会员活动' })
  })

  it('uses the site description when a page has none, and the bare site name on the home page', () => {
    const tags = seoMeta(matches, { title: '联合会', path: '/' })
    expect(tags).toContainEqual({ title: '联合会' })
    expect(tags).toContainEqual({ name: 'description', content: '站点简介' })
  })

  it('pages canonical URLs after the first', () => {
    expect(pagedPath('/sections/news', 1)).toBe('/sections/news')
    expect(pagedPath('/sections/news', 3)).toBe('/sections/news?page=3')
  })
})

describe('jsonLd', () => {
  it('cannot close its script element', () => {
    const out = jsonLd({ headline: '</script><script>alert(1)</script>\u2028' })
    expect(out).not.toContain('</script')
    expect(JSON.parse(out).headline).toBe('</script><script>alert(1)</script>\u2028')
  })
})
