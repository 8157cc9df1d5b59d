import { createHash } from 'node:crypto'
import path from 'node:path'
import {
  commitTransaction,
  createLocalReq,
  initTransaction,
  killTransaction,
  type Payload,
  type PayloadRequest,
} from 'payload'
import type { SectionValue } from '../collections/Articles/sections'
import type { User } from '../payload-types'
import { IMAGE_UPLOADS } from '../uploads/guardUpload'
import { convertDocx } from './docx'
import { FileImportError } from './errors'
import { htmlToLexical } from './richText'
import { dateToPublishedAt, summarise } from './text'

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

export type ImportTarget = {
  section?: SectionValue
  topics?: number[]
  /** The staff member importing (admin endpoint): access is theirs. Without one (CLI), access is not checked. */
  user?: User | null
}

export type ImportOutcome = {
  file: string
  status: 'imported' | 'skipped' | 'failed'
  id?: number
  slug?: string
  title?: string
  /** Why it failed, in Chinese, starting with the file name. */
  reason?: string
  /** What was left out (an image in a format the site cannot show…), in Chinese. */
  warnings?: string[]
}

/** The import key of a file: the same bytes are the same document, whatever the file is called. */
const docxKey = (data: Buffer) => `docx:${createHash('sha256').update(data).digest('hex')}`

async function findImported(payload: Payload, key: string) {
  const found = await payload.find({
    collection: 'articles',
    draft: true,
    overrideAccess: true,
    depth: 0,
    limit: 1,
    pagination: false,
    where: { 'imported.key': { equals: key } },
  })
  return found.docs[0] ?? null
}

/** Runs `work` in one database transaction: everything it writes lands together or not at all. */
async function inTransaction<T>(
  payload: Payload,
  user: User | null | undefined,
  work: (req: PayloadRequest) => Promise<T>,
): Promise<T> {
  const req = await createLocalReq(user ? { user: { ...user, collection: 'users' } as never } : {}, payload)
  await initTransaction(req)
  try {
    const result = await work(req)
    await commitTransaction(req)
    return result
  } catch (error) {
    await killTransaction(req)
    throw error
  }
}

const EXTENSION_BY_MIME = IMAGE_UPLOADS.accepts

/** Why a save failed, readable: Payload's ValidationError lists the fields. */
function saveFailure(file: string, error: unknown): string {
  if (error instanceof FileImportError) return error.message
  const data = (error as { data?: { errors?: Array<{ message?: string; path?: string }> } }).data
  const detail = data?.errors?.map((e) => `${e.path ?? ''} ${e.message ?? ''}`.trim()).join('；')
  return `${file}：保存失败：${detail || (error as Error).message}`
}

/**
 * One .docx becomes one draft article: its images as media, the original as
 * an internal attachment for reviewers, all in one transaction. Never
 * published; importing the same bytes again finds the earlier draft.
 */
export async function importDocx(
  payload: Payload,
  input: { data: Buffer; name: string },
  target: ImportTarget = {},
): Promise<ImportOutcome> {
  const file = input.name
  const base = path.basename(file)
  if (/\.doc$/i.test(base) && !/\.docx$/i.test(base)) {
    // Checked again from the bytes in openDocxPackage; the name alone already says what to do.
    const outcome = new FileImportError(
      'legacy_doc',
      file,
      '这是旧版 Word 97-2003 文档（.doc），不能直接导入。请在 Word 或 WPS 中“另存为”Word 文档（.docx）后再导入。',
    )
    return { file, status: 'failed', reason: outcome.message }
  }
  const key = docxKey(input.data)
  try {
    const existing = await findImported(payload, key)
    if (existing) {
      return { file, status: 'skipped', id: existing.id, slug: existing.slug ?? undefined, title: existing.title }
    }
    const doc = await convertDocx(input.data, file)
    const access = target.user ? { overrideAccess: false } : { overrideAccess: true }
    const section = target.section ?? 'news'
    const warnings = [...doc.warnings]

    const article = await inTransaction(payload, target.user, async (req) => {
      const mediaIds = new Map<number, number>()
      for (const [index, image] of doc.images.entries()) {
        const ext = EXTENSION_BY_MIME[image.contentType]
        if (!ext) {
          warnings.push(
            `第 ${index + 1} 张图片是 ${image.contentType} 格式，网站无法显示，已略过（请在 Word 中另存为 PNG/JPEG 后重新插入）`,
          )
          continue
        }
        const media = await payload.create({
          collection: 'media',
          req,
          ...access,
          data: { alt: image.alt, caption: image.caption },
          file: {
            data: image.data,
            mimetype: image.contentType,
            name: `${base.replace(/\.docx$/i, '')}-${index + 1}.${ext}`,
            size: image.data.length,
          },
        })
        mediaIds.set(index, media.id)
      }

      let html = doc.html
      let heroImage: number | undefined
      // A picture before any text is the lead picture: the hero, not a repeat of it in the body.
      const lead = /^\s*<img\b[^>]*\bdata-import-image="(\d+)"[^>]*>/.exec(html)
      if (lead && mediaIds.has(Number(lead[1]))) {
        heroImage = mediaIds.get(Number(lead[1]))
        html = html.slice(lead[0].length)
      }
      html = html.replace(/<img\b[^>]*\bdata-import-image="(\d+)"[^>]*>/g, (_, n: string) => {
        const id = mediaIds.get(Number(n))
        return id ? `<img data-lexical-upload-id="${id}" data-lexical-upload-relation-to="media">` : ''
      })

      const original = await payload.create({
        collection: 'documents',
        req,
        ...access,
        data: { title: base.slice(0, 200), internal: true },
        file: { data: input.data, mimetype: DOCX_MIME, name: base, size: input.data.length },
      })

      return payload.create({
        collection: 'articles',
        req,
        ...access,
        draft: true,
        // An import is not a publication: no cache purge, no subscriber mail.
        context: { disableRevalidate: true, disableNotifications: true },
        data: {
          title: doc.title,
          section,
          topics: target.topics ?? [],
          _status: 'draft',
          publishedAt: doc.date ? dateToPublishedAt(doc.date) : undefined,
          summary: doc.firstParagraph ? summarise(doc.firstParagraph) : undefined,
          heroImage,
          content: (await htmlToLexical(payload, html)) as never,
          policy: section === 'policy' && doc.documentNumber ? { documentNumber: doc.documentNumber } : undefined,
          imported: { original: original.id, key },
        },
      })
    })
    return {
      file,
      status: 'imported',
      id: article.id,
      slug: article.slug ?? undefined,
      title: article.title,
      warnings: warnings.length ? warnings : undefined,
    }
  } catch (error) {
    return { file, status: 'failed', reason: saveFailure(file, error) }
  }
}
