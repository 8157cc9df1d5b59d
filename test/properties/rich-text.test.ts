/**
 * The Lexical → HTML converter the site's pages and feeds use
 * (site/app/features/articles/rich-text.server.ts), fed arbitrary Lexical-shaped JSON with
 * hostile text, tags, attributes and URLs, and its output read back by a real
 * HTML parser (htmlparser2, entities decoded as a browser decodes them): no
 * script or other active element, no event-handler or style attribute, no URL
 * that is not http(s)/mailto/tel, and the words editors typed all still there.
 */
import fc from 'fast-check'
import { Parser } from 'htmlparser2'
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest'
import { renderRichTextHtml } from '~/features/articles/rich-text.server'
import { stripIllegalChars } from '~/lib/html'

const opts = { siteUrl: 'https://www.example.org.cn', cmsUrl: 'https://cms.example.org.cn' }

/** URLs a browser would run or read as a scheme other than http(s)/mailto/tel: their link must go. */
const DANGEROUS_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  '\u0000javascript:alert(1)',
  '\u0001javascript:alert(1)',
  'javascript://%0aalert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+',
  'DATA:text/html;base64,PHNjcmlwdD4=',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'blob:https://x/1',
]
/** URLs that are safe once resolved against the site (entities in JSON are not entities: they stay text). */
const HOSTILE_URLS = [
  ...DANGEROUS_URLS,
  '//evil.example/x',
  '\\\\evil.example\\x',
  'https://ok.example/"onmouseover="alert(1)',
  "https://ok.example/'><script>alert(1)</script>",
  'https://ok.example/?q=<img src=x onerror=alert(1)>',
  'mailto:someone@example.org?subject="><script>',
  'tel:+86-21-5555',
  'javascript&colon;alert(1)',
  '&#106;avascript:alert(1)',
  'jav&#x09;ascript:alert(1)',
  '/articles/keji',
  '#top',
  '',
  '   ',
]
const HOSTILE_TEXT = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  "'; alert(1); '",
  '</p><iframe src=javascript:alert(1)>',
  '<!--',
  ']]>',
  '&lt;script&gt;',
  '&#60;script&#62;',
  '{{constructor.constructor("alert(1)")()}}',
  '\u0000\u0008\u000b\u001f\ufffe',
  '\ud800',
  '普陀区科技企业联合会',
  'javascript:alert(1)',
  'on' + 'click="x"',
]

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT, ...HOSTILE_URLS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
)
/** Any JSON-ish value where a string is expected: editors' and attackers' JSON is not typed. */
const loose = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('url', 'slug', 'toString'), hostileString) },
)
const url = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_URLS) }, { weight: 1, arbitrary: loose })

const NODE_TYPES = [
  'paragraph',
  'heading',
  'quote',
  'text',
  'list',
  'listitem',
  'link',
  'autolink',
  'upload',
  'table',
  'tablerow',
  'tablecell',
  'linebreak',
  'tab',
  'horizontalrule',
  'html',
  'block',
  'inlineBlock',
  'relationship',
  'script',
  'iframe',
  'svg',
  'style',
  'code',
  'mark',
  '__proto__',
  'constructor',
]

const upload = fc.record({
  mimeType: fc.constantFrom('image/jpeg', 'image/svg+xml', 'application/pdf', 'text/html', 'image/png" onload="x'),
  url,
  filename: loose,
  title: loose,
  alt: loose,
  caption: loose,
  width: fc.oneof(fc.integer({ min: 1, max: 4000 }), loose),
  height: fc.oneof(fc.integer({ min: 1, max: 4000 }), loose),
  filesize: fc.oneof(fc.nat(), loose),
  sizes: fc.dictionary(
    fc.constantFrom('w480avif', 'w480webp', 'w800webp', 'w1200avif', 'evil'),
    fc.record({ url, width: fc.oneof(fc.integer({ min: 1, max: 4000 }), loose), mimeType: loose }),
  ),
})

const { node } = fc.letrec((tie) => ({
  node: fc.record(
    {
      type: fc.constantFrom(...NODE_TYPES),
      text: loose,
      tag: fc.oneof(fc.constantFrom('h1', 'h2', 'h6', 'h7', 'ol', 'ul', 'script', 'h2 onclick=alert(1)', 'img'), loose),
      format: fc.oneof(
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('center', 'right', 'end', 'left" onclick="x'),
        loose,
      ),
      listType: fc.oneof(fc.constantFrom('bullet', 'number', 'check'), loose),
      checked: fc.oneof(fc.boolean(), loose),
      headerState: fc.oneof(fc.integer({ min: -1, max: 3 }), loose),
      colSpan: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constant('2" onclick="x'), loose),
      rowSpan: fc.oneof(fc.integer({ min: -5, max: 2000 }), loose),
      style: fc.constantFrom('color:red', 'background:url(javascript:alert(1))'),
      fields: fc.record({
        url,
        newTab: fc.oneof(fc.boolean(), loose),
        linkType: fc.oneof(fc.constantFrom('custom', 'internal'), loose),
        doc: fc.oneof(
          loose,
          fc.record({
            relationTo: fc.constantFrom('articles', 'pages', 'users', 'media'),
            value: fc.oneof(loose, fc.record({ slug: loose })),
          }),
        ),
        alt: loose,
        html: fc.constantFrom('<script>alert(1)</script>', '<img src=x onerror=alert(1)>'),
      }),
      value: fc.oneof(loose, upload),
      relationTo: fc.constantFrom('media', 'documents', 'users'),
      children: fc.oneof(
        { depthSize: 'small' },
        fc.constant(undefined),
        loose,
        fc.array(tie('node'), { maxLength: 4 }),
      ),
    },
    { requiredKeys: ['type'] },
  ),
}))

const lexicalDoc = fc.oneof(
  { weight: 8, arbitrary: fc.array(node, { maxLength: 5 }).map((children) => ({ root: { type: 'root', children } })) },
  { weight: 1, arbitrary: fc.anything() },
  { weight: 1, arbitrary: fc.record({ root: fc.anything() }) },
)

const ALLOWED_TAGS = new Set(
  'p br strong em s u code mark sub sup a h2 h3 h4 h5 h6 blockquote ul ol li hr figure picture source img figcaption div table tbody tr td th'.split(
    ' ',
  ),
)
const URL_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster', 'background'])

/** What a browser would follow: the URL with ASCII whitespace and controls removed, as the WHATWG parser does. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing controls, as browsers do, is the point
const asFollowed = (value: string) => value.replace(/[\u0000-\u0020]/g, '')

type Element = { name: string; attributes: Record<string, string> }

function parse(html: string): { elements: Element[]; text: string } {
  const elements: Element[] = []
  let text = ''
  const parser = new Parser(
    {
      onopentag: (name, attributes) => elements.push({ name, attributes }),
      ontext: (data) => {
        text += data
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  )
  parser.write(html)
  parser.end()
  return { elements, text }
}

function assertInert(html: string) {
  expect(html).not.toMatch(/<\s*\/?\s*(script|iframe|object|embed|svg|math|style|base|form|meta|link|template)\b/i)
  for (const { name, attributes } of parse(html).elements) {
    expect(ALLOWED_TAGS.has(name), `<${name}> in ${html}`).toBe(true)
    for (const [attr, value] of Object.entries(attributes)) {
      expect(attr.startsWith('on'), `${attr}= in ${html}`).toBe(false)
      expect(attr, html).not.toBe('style')
      if (!URL_ATTRIBUTES.has(attr)) continue
      const urls = attr === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : [value]
      for (const u of urls) {
        expect(asFollowed(u), `${attr}="${value}"`).not.toMatch(/^(javascript|data|vbscript|file|blob):/i)
        expect(asFollowed(u), `${attr}="${value}"`).toMatch(/^(https?:\/\/|mailto:|tel:)/i)
      }
    }
  }
}

describe('renderRichTextHtml with arbitrary Lexical JSON', () => {
  // Payload's walker catches a converter that throws, logs it and drops the node with all its text:
  // a converter error is content lost, so none may happen.
  let consoleError: MockInstance
  beforeEach(() => {
    consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
  })
  afterEach(() => {
    consoleError.mockRestore()
  })

  it('never throws, never fails a node and never emits active content, whatever the tree', () => {
    fc.assert(
      fc.property(lexicalDoc, (content) => {
        consoleError.mockClear()
        assertInert(renderRichTextHtml(content, opts))
        expect(consoleError.mock.calls.map((call) => String(call[0]))).toEqual([])
      }),
      { numRuns: 3000 },
    )
  })

  it('a hostile link keeps its words and loses its href; an http(s) link keeps both', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HOSTILE_URLS), fc.constantFrom(...HOSTILE_TEXT), (href, words) => {
        const content = {
          root: {
            type: 'root',
            children: [
              {
                type: 'paragraph',
                children: [
                  {
                    type: 'link',
                    fields: { url: href, linkType: 'custom' },
                    children: [{ type: 'text', text: words }],
                  },
                ],
              },
            ],
          },
        }
        const html = renderRichTextHtml(content, opts)
        assertInert(html)
        const { elements, text } = parse(html)
        const anchors = elements.filter((e) => e.name === 'a')
        if (DANGEROUS_URLS.includes(href)) expect(anchors, html).toHaveLength(0)
        if (/^(https?:\/\/[a-z]|mailto:|tel:|\/[a-z]|#)/i.test(href)) expect(anchors, html).toHaveLength(1)
        const expected = stripIllegalChars(words).trim()
        if (expected) expect(text).toContain(expected)
      }),
      { numRuns: 600 },
    )
  })

  it('text an editor typed reads back as the same text, however it is formatted', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(hostileString, fc.string({ unit: 'grapheme', maxLength: 30 })),
            fc.integer({ min: 0, max: 255 }),
          ),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (parts) => {
          const content = {
            root: {
              type: 'root',
              children: [
                { type: 'paragraph', children: parts.map(([text, format]) => ({ type: 'text', text, format })) },
              ],
            },
          }
          const html = renderRichTextHtml(content, opts)
          assertInert(html)
          const expected = parts.map(([text]) => stripIllegalChars(text)).join('')
          // A paragraph of only blanks may be dropped or kept; anything else reads back exactly.
          if (expected.trim()) expect(parse(html).text).toBe(expected)
          else expect(parse(html).text.trim()).toBe('')
        },
      ),
      { numRuns: 1000 },
    )
  })
})
