import { JSDOM } from 'jsdom'
import mammoth from 'mammoth'
import { coreCreatedDate, openDocxPackage } from './docxPackage'
import { FileImportError } from './errors'
import { isSafeImportUrl, normaliseDate } from './text'

/**
 * A Word document (.docx, also as WPS saves it) read into what an article
 * needs: the HTML is mammoth's, with a style map for the names Chinese Word
 * and WPS give their styles; what this module adds is only what mammoth leaves
 * to the caller (which paragraph is the title, the date and 文号 lines, the
 * notes list's heading, image captions).
 */

/**
 * Chinese Word stores built-in styles under their English names ("heading 1"),
 * which mammoth's default map already knows; WPS and documents made from
 * Chinese templates name them 标题 1 …, and the title style 标题. Captions
 * (题注) are marked so they can become the image's alt text and caption.
 */
const STYLE_MAP = [
  "p[style-name='Title'] => h1.doc-title:fresh",
  "p[style-name='标题'] => h1.doc-title:fresh",
  "p[style-name='标题 1'] => h1:fresh",
  "p[style-name='标题 2'] => h2:fresh",
  "p[style-name='标题 3'] => h3:fresh",
  "p[style-name='标题 4'] => h4:fresh",
  "p[style-name='Subtitle'] => p:fresh",
  "p[style-name='副标题'] => p:fresh",
  "p[style-name='Caption'] => p.caption:fresh",
  "p[style-name='题注'] => p.caption:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='引用'] => blockquote > p:fresh",
  "p[style-name='明显引用'] => blockquote > p:fresh",
  // mammoth drops underlining unless told; staff use it for emphasis.
  'u => u',
]

type DocxImage = {
  data: Buffer
  contentType: string
  alt: string
  caption?: string
}

export type ConvertedDocx = {
  title: string
  /** YYYY-MM-DD from a 日期/发布日期 line, else from the document's core properties. */
  date: string | null
  /** A 文号 line such as 沪普科〔2016〕12号. */
  documentNumber: string | null
  /** Body HTML; each image is an `<img data-import-image="N">` standing where it stood. */
  html: string
  images: DocxImage[]
  /** The first paragraph's text, for the summary. */
  firstParagraph: string
  warnings: string[]
}

const DATE_LINE = /^(?:发布)?(?:日期|时间)\s*[:：]\s*(.+)$/
const DOC_NUMBER = /[\u4e00-\u9fa5]{1,12}[〔[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*第?\s*\d{1,5}\s*号/

const blockText = (el: Element) => (el.textContent ?? '').replace(/[\s\u200b]+/g, ' ').trim()

export async function convertDocx(data: Buffer, file: string): Promise<ConvertedDocx> {
  const pkg = openDocxPackage(data, file)
  const images: DocxImage[] = []
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>
  try {
    result = await mammoth.convertToHtml(
      { buffer: data },
      {
        styleMap: STYLE_MAP,
        // Linked (not embedded) images would make mammoth read files from this machine's disk.
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(async (image) => {
          const index = images.push({ data: await image.readAsBuffer(), contentType: image.contentType, alt: '' }) - 1
          return { src: `#import-image-${index}`, 'data-import-image': String(index) } as { src: string }
        }),
      },
    )
  } catch (error) {
    throw new FileImportError(
      'corrupt',
      file,
      `文件已损坏或不是有效的 Word 文档（${(error as Error).message.slice(0, 80)}）。请在 Word 中打开并重新保存后再试。`,
    )
  }

  const { document } = new JSDOM(`<!doctype html><body>${result.value}</body>`).window
  const body = document.body
  const blocks = () => [...body.children]

  // Title: the first Title / Heading 1 paragraph, else the first paragraph with text.
  const heading = body.querySelector('h1')
  const firstText = blocks().find((el) => blockText(el) && el.tagName !== 'TABLE')
  const titleEl = heading ?? firstText
  const title = titleEl ? blockText(titleEl).slice(0, 200) : ''
  if (!title && images.length === 0) {
    throw new FileImportError('empty', file, '文档没有任何文字或图片（空文档），未导入。')
  }
  if (!title) throw new FileImportError('empty', file, '文档没有文字，无法确定标题。请在第一行写上标题后再导入。')
  titleEl?.remove()

  // The date and 文号 lines stand near the top of an official document.
  let date: string | null = null
  let documentNumber: string | null = null
  for (const el of blocks().slice(0, 8)) {
    const text = blockText(el)
    const dateLine = DATE_LINE.exec(text)
    if (!date && dateLine) {
      date = normaliseDate(dateLine[1])
      if (date) {
        el.remove()
        continue
      }
    }
    const number = DOC_NUMBER.exec(text)
    if (!documentNumber && number) documentNumber = number[0].replace(/\s+/g, '')
  }
  if (!date) {
    const created = coreCreatedDate(pkg)
    if (created) date = new Date(created.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  }

  // The page title is the article's; headings in the body start at h2, and the site has nothing below h4.
  for (const el of body.querySelectorAll('h1, h5, h6')) {
    const replacement = document.createElement(el.tagName === 'H1' ? 'h2' : 'h4')
    replacement.innerHTML = el.innerHTML
    el.replaceWith(replacement)
  }

  // Footnotes and endnotes: mammoth appends them as one list; give it a heading, drop the ↑ back-links.
  const notes = body.querySelector('ol > li[id^="footnote-"], ol > li[id^="endnote-"]')?.parentElement
  for (const back of body.querySelectorAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]')) back.remove()
  if (notes) {
    const h = document.createElement('h2')
    h.textContent = '注释'
    notes.before(h)
  }
  // In-page anchors (note references, bookmarks) have no target on the site; unsafe links never reach it.
  for (const a of body.querySelectorAll('a')) {
    const href = a.getAttribute('href') ?? ''
    if (!href || href.startsWith('#') || !isSafeImportUrl(href)) a.replaceWith(...a.childNodes)
  }

  // Images: out of their paragraph to the top level (an upload is a block), alt from the description or the caption.
  for (const img of body.querySelectorAll('img[data-import-image]')) {
    const index = Number(img.getAttribute('data-import-image'))
    const image = images[index]
    let block: Element = img
    while (block.parentElement && block.parentElement !== body) block = block.parentElement
    const captionEl = [block.nextElementSibling, block.previousElementSibling].find(
      (el) => el?.classList.contains('caption') && blockText(el),
    )
    const caption = captionEl ? blockText(captionEl).slice(0, 200) : undefined
    if (caption) {
      image.caption = caption
      captionEl?.remove()
    }
    image.alt = (img.getAttribute('alt')?.trim() || caption || `${title} 插图 ${index + 1}`).slice(0, 200)
    if (block === img) continue
    block.after(img)
    if (!blockText(block) && !block.querySelector('img')) block.remove()
  }
  for (const el of body.querySelectorAll('p.caption')) el.removeAttribute('class')

  // The summary starts at the first real paragraph, not at a 文号 or a one-line subtitle.
  const first =
    blocks().find((el) => el.tagName === 'P' && blockText(el).length >= 20 && !DOC_NUMBER.test(blockText(el))) ??
    blocks().find((el) => el.tagName === 'P' && blockText(el))
  if (!blockText(body) && images.length === 0) {
    throw new FileImportError('empty', file, '文档只有标题，没有正文，未导入。')
  }
  const warnings = result.messages
    .filter((m) => m.type === 'error')
    .map((m) => m.message)
    .slice(0, 5)
  return {
    title,
    date,
    documentNumber,
    html: body.innerHTML,
    images,
    // Without note markers ([1]): a summary has no notes.
    firstParagraph: first ? blockText(first).replace(/\[\d{1,3}\]/g, '') : '',
    warnings,
  }
}
