import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { renderRichTextHtml, richTextPlainText } from './rich-text.server'

const opts = { siteUrl: 'https://www.example.org.cn', cmsUrl: 'https://cms.example.org.cn' }

const text = (t: unknown, format = 0) => ({ type: 'text', text: t, format, version: 1 })
const paragraph = (...children: unknown[]) => ({ type: 'paragraph', children, version: 1 })
const doc = (...children: unknown[]) => ({ root: { type: 'root', children, version: 1 } })
const link = (url: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'link',
  fields: { url, linkType: 'custom', ...extra },
  children: [text('点这里')],
})
const render = (...children: unknown[]) => renderRichTextHtml(doc(...children), opts)

const media = {
  id: 7,
  alt: '年会现场',
  caption: '2016 年会员大会',
  mimeType: 'image/jpeg',
  url: '/api/media/file/nianhui.jpg',
  width: 1600,
  height: 900,
  sizes: {
    w480avif: { url: '/api/media/file/nianhui-480x270.avif', width: 480, height: 270, mimeType: 'image/avif' },
    w480webp: { url: '/api/media/file/nianhui-480x270.webp', width: 480, height: 270, mimeType: 'image/webp' },
    w800avif: { url: '/api/media/file/nianhui-800x450.avif', width: 800, height: 450, mimeType: 'image/avif' },
    w800webp: { url: '/api/media/file/nianhui-800x450.webp', width: 800, height: 450, mimeType: 'image/webp' },
    w1200avif: { url: null, width: null, height: null },
    w1200webp: { url: null, width: null, height: null },
  },
}

/** Every tag and attribute the converter may emit; anything else is a hole. */
const ALLOWED_TAGS = new Set(
  'p br strong em s u code mark sub sup a h2 h3 h4 h5 h6 blockquote ul ol li hr figure picture source img figcaption div table tbody tr td th'.split(
    ' ',
  ),
)
const ALLOWED_ATTRS = new Set(
  'href target rel class type srcset sizes src alt width height loading decoding colspan rowspan'.split(' '),
)

function assertOnlyAllowedMarkup(html: string) {
  for (const [, name, attrs] of html.matchAll(/<\/?([a-zA-Z0-9-]+)([^>]*)>/g)) {
    expect(ALLOWED_TAGS, `tag <${name}>`).toContain(name)
    // Attributes are read as name="value" pairs, so text inside a value is never mistaken for a name.
    for (const [, attr] of attrs.matchAll(/\s([a-z-]+)="[^"]*"/g))
      expect(ALLOWED_ATTRS, `attribute ${attr}`).toContain(attr)
    // Every attribute value is double-quoted, so nothing can break out of it.
    expect(attrs.replace(/\s[a-z]+="[^"]*"/g, '').trim()).toBe('')
  }
  // URLs in attributes are absolute and of an allowed scheme; text may say anything, escaped.
  for (const [, value] of html.matchAll(/\s(?:href|src)="([^"]*)"/g))
    expect(value).toMatch(/^(https?:\/\/|mailto:|tel:)/)
  for (const [, value] of html.matchAll(/\ssrcset="([^"]*)"/g))
    for (const candidate of value.split(', ')) expect(candidate).toMatch(/^https?:\/\/\S+ \d+w$/)
  expect(html).not.toMatch(/<script|<iframe|<object|<svg|<style/i)
}

describe('renderRichTextHtml', () => {
  it('renders paragraphs, headings, lists and formats as clean HTML', () => {
    const html = render(
      { type: 'heading', tag: 'h1', children: [text('大会概况')] },
      paragraph(text('普陀区'), text('科技企业', 1), text('联合会', 2)),
      {
        type: 'list',
        tag: 'ol',
        listType: 'number',
        children: [{ type: 'listitem', value: 1, children: [text('一')] }],
      },
      { type: 'quote', children: [text('创新驱动')] },
      { type: 'paragraph', format: 'center', children: [text('居中')] },
    )
    expect(html).toBe(
      '<h2>大会概况</h2><p>普陀区<strong>科技企业</strong><em>联合会</em></p><ol><li>一</li></ol><blockquote>创新驱动</blockquote><p class="align-center">居中</p>',
    )
  })

  it('escapes everything an editor types', () => {
    const html = render(paragraph(text('<script>alert(1)</script> & "引号" \'单\'')))
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot; &#39;单&#39;</p>')
  })

  it('makes relative links absolute and keeps http(s), mailto and tel', () => {
    expect(render(paragraph(link('/articles/nianhui')))).toContain('href="https://www.example.org.cn/articles/nianhui"')
    expect(render(paragraph(link('https://www.sh.gov.cn/a?b=1&c=2')))).toContain(
      'href="https://www.sh.gov.cn/a?b=1&amp;c=2"',
    )
    expect(render(paragraph(link('mailto:office@example.org')))).toContain('href="mailto:office@example.org"')
    expect(render(paragraph(link('tel:021-12345678')))).toContain('href="tel:021-12345678"')
    expect(render(paragraph(link('https://x.cn', { newTab: true })))).toContain(
      'target="_blank" rel="noopener noreferrer"',
    )
  })

  it.each([
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'file:///etc/passwd',
    'blob:https://x/1',
    `https://x.cn/${'x'.repeat(5000)}`,
    42,
    null,
  ])('drops the link but keeps its words for %#', (url) => {
    const html = render(paragraph(link(url)))
    expect(html).toBe('<p>点这里</p>')
  })

  it('never lets an href break out of its attribute', () => {
    const html = render(paragraph(link('https://x.cn/" onmouseover="alert(1)')))
    assertOnlyAllowedMarkup(html)
    expect(html).not.toContain('" onmouseover')
  })

  it('neutralises entity-encoded schemes (they stay relative, hence harmless)', () => {
    const html = render(paragraph(link('&#106;avascript:alert(1)')))
    assertOnlyAllowedMarkup(html)
    expect(html).toContain('href="https://www.example.org.cn/&amp;#106;avascript:alert(1)"')
  })

  it('resolves internal links to the article or page URL and drops unresolved ones', () => {
    const internal = (relationTo: string, value: unknown) =>
      paragraph({
        type: 'link',
        fields: { linkType: 'internal', doc: { relationTo, value } },
        children: [text('内链')],
      })
    expect(render(internal('articles', { id: 1, slug: 'nian-hui' }))).toContain(
      'href="https://www.example.org.cn/articles/nian-hui"',
    )
    expect(render(internal('pages', { id: 1, slug: 'about' }))).toContain('href="https://www.example.org.cn/about"')
    expect(render(internal('articles', 12))).toBe('<p>内链</p>')
    expect(render(internal('users', { slug: 'x' }))).toBe('<p>内链</p>')
  })

  it('renders raw HTML nodes, blocks and unknown nodes as text only', () => {
    const html = render(
      { type: 'html', html: '<img src=x onerror=alert(1)>' },
      { type: 'block', fields: { blockType: 'code', code: '<script>alert(1)</script>' } },
      { type: 'mystery', children: [text('保留的文字')] },
      { type: 'inlineBlock', fields: { blockType: 'x' } },
    )
    expect(html).toBe('保留的文字')
  })

  it('keeps hostile tags and attributes out of headings, lists and tables', () => {
    const html = render(
      { type: 'heading', tag: 'script', children: [text('a')] },
      {
        type: 'list',
        tag: 'script',
        listType: '"><script>',
        children: [{ type: 'listitem', value: '"><x', children: [text('b')] }],
      },
      {
        type: 'table',
        children: [
          {
            type: 'tablerow',
            children: [
              {
                type: 'tablecell',
                headerState: 1,
                colSpan: '2" onclick="x',
                backgroundColor: 'red;x:expression(1)',
                children: [text('c')],
              },
              { type: 'tablecell', colSpan: 3, rowSpan: 2, children: [paragraph(text('d'))] },
            ],
          },
        ],
      },
    )
    assertOnlyAllowedMarkup(html)
    expect(html).toContain('<h2>a</h2>')
    expect(html).toContain('<ul><li>b</li></ul>')
    expect(html).toContain('<th>c</th><td colspan="3" rowspan="2"><p>d</p></td>')
  })

  it('renders inline images as <picture> with AVIF/WebP srcset, size and lazy loading', () => {
    const html = render({ type: 'upload', relationTo: 'media', value: media, fields: null })
    expect(html).toBe(
      '<figure class="rt-image"><picture>' +
        '<source type="image/avif" srcset="https://cms.example.org.cn/api/media/file/nianhui-480x270.avif 480w, https://cms.example.org.cn/api/media/file/nianhui-800x450.avif 800w" sizes="(min-width: 52rem) 46rem, 100vw">' +
        '<source type="image/webp" srcset="https://cms.example.org.cn/api/media/file/nianhui-480x270.webp 480w, https://cms.example.org.cn/api/media/file/nianhui-800x450.webp 800w" sizes="(min-width: 52rem) 46rem, 100vw">' +
        '<img src="https://cms.example.org.cn/api/media/file/nianhui.jpg" alt="年会现场" width="1600" height="900" loading="lazy" decoding="async">' +
        '</picture><figcaption>2016 年会员大会</figcaption></figure>',
    )
  })

  it('refuses hostile media documents', () => {
    const evil = {
      ...media,
      alt: '"><script>alert(1)</script>',
      caption: '<img src=x onerror=alert(1)>',
      sizes: {
        w480avif: { url: 'javascript:alert(1)', width: 480 },
        w480webp: { url: '/ok" onerror="x.webp', width: 480 },
      },
    }
    const html = render({ type: 'upload', value: evil })
    assertOnlyAllowedMarkup(html)
    expect(html).toContain('alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
    expect(render({ type: 'upload', value: { ...media, url: 'javascript:alert(1)' } })).toBe('')
    expect(render({ type: 'upload', value: { ...media, width: '1600"' } })).toBe('')
    expect(render({ type: 'upload', value: 7 })).toBe('')
  })

  it('links non-image uploads with their type and size', () => {
    const html = render({
      type: 'upload',
      relationTo: 'documents',
      value: {
        title: '申报指南',
        mimeType: 'application/pdf',
        filesize: 1258291,
        filename: 'zhinan.pdf',
        url: '/api/documents/file/zhinan.pdf',
      },
    })
    expect(html).toBe(
      '<p class="rt-file"><a href="https://cms.example.org.cn/api/documents/file/zhinan.pdf">申报指南</a>（PDF，1.2 MB）</p>',
    )
  })

  it('removes characters that are illegal in XML', () => {
    expect(render(paragraph(text('联\u0000合\u0008会\u001F\uFFFE\uD800')))).toBe('<p>联合会</p>')
  })

  it.each([
    undefined,
    null,
    '',
    'text',
    42,
    [],
    {},
    { root: null },
    { root: { children: 'x' } },
    { root: { children: [null, 1, 'a', []] } },
  ])('returns an empty string for malformed content %j', (content) => {
    expect(renderRichTextHtml(content, opts)).toBe('')
  })

  it('survives absurdly deep nesting without a stack overflow', () => {
    let node: Record<string, unknown> = text('底')
    for (let i = 0; i < 20_000; i++) node = { type: 'quote', children: [node] }
    const html = renderRichTextHtml(doc(node), opts)
    expect(typeof html).toBe('string')
    expect(html.length).toBeLessThan(1_000_000)
  })

  it('never emits markup outside its allowlist, whatever the tree', () => {
    const hostileString = fc.constantFrom(
      '<script>alert(1)</script>',
      'javascript:alert(1)',
      '" onerror="alert(1)',
      "' onload='x",
      '<img src=x>',
      'data:text/html,<b>',
      '/relative',
      'h1',
      'ol',
      'check',
      'center',
    )
    const value = fc.oneof(hostileString, fc.string(), fc.integer(), fc.boolean(), fc.constant(null))
    const types = fc.constantFrom(
      'text',
      'paragraph',
      'heading',
      'quote',
      'list',
      'listitem',
      'link',
      'autolink',
      'upload',
      'table',
      'tablerow',
      'tablecell',
      'linebreak',
      'html',
      'block',
      'script',
    )
    const { tree } = fc.letrec((tie) => ({
      tree: fc.record({
        type: types,
        text: value,
        tag: value,
        format: fc.oneof(value, fc.integer({ min: 0, max: 255 })),
        listType: value,
        fields: fc.record({
          url: value,
          newTab: fc.boolean(),
          linkType: fc.constantFrom('custom', 'internal'),
          alt: value,
        }),
        value: fc.oneof(
          value,
          fc.constant(media),
          fc.record({ url: value, mimeType: value, width: value, height: value, alt: value }),
        ),
        children: fc.oneof({ depthSize: 'small' }, fc.constant(undefined), fc.array(tie('tree'), { maxLength: 3 })),
      }),
    }))
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 4 }), (children) => {
        assertOnlyAllowedMarkup(renderRichTextHtml(doc(...children), opts))
      }),
      { numRuns: 500 },
    )
  })
})

describe('richTextPlainText', () => {
  it('joins text with line breaks between blocks', () => {
    expect(
      richTextPlainText(doc(paragraph(text('第一段')), { type: 'heading', tag: 'h2', children: [text('标题')] })),
    ).toBe('第一段\n标题')
    expect(richTextPlainText(null)).toBe('')
  })
})
