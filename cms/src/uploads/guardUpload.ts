import { fileTypeFromBuffer } from 'file-type'
import type { CollectionBeforeOperationHook, CollectionSlug } from 'payload'
import { clientError } from '../lib/clientError'
import { limitedSharp, MAX_IMAGE_PIXELS } from './limits'

/**
 * What an upload collection accepts, by what the bytes are (magic numbers),
 * never by the file name or the Content-Type the client claims: a page with a
 * script renamed `photo.jpg` would otherwise be stored and served.
 */
export type UploadKind = {
  /** Detected MIME type → the extension the stored file gets. */
  accepts: Record<string, string>
  /** For people, in the refusal: 「图片只接受 …」. */
  description: string
  /** Decode-time checks for images (pixel limit, readable header). */
  image: boolean
}

export const IMAGE_UPLOADS: UploadKind = {
  accepts: { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/avif': 'avif', 'image/gif': 'gif' },
  description: '图片只接受 JPEG、PNG、WebP、AVIF、GIF 格式',
  image: true,
}

/** Legacy Office files are OLE compound files: the bytes say "CFB", the extension says which program. */
const LEGACY_OFFICE: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
}

export const DOCUMENT_UPLOADS: UploadKind = {
  accepts: {
    'application/pdf': 'pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
    'application/zip': 'zip',
  },
  description: '附件只接受 PDF、Word、Excel、PowerPoint 文档或 ZIP 压缩包',
  image: false,
}

/** Office CFB MIME type as file-type reports it; Payload's own check must let it through too (Documents.mimeTypes). */
export const CFB_MIME = 'application/x-cfb'

/** Names what text-based content is, for the message; file-type recognises only binary formats. */
function describeText(head: string): string | null {
  const text = head.trimStart().toLowerCase()
  if (text.includes('<svg')) return 'SVG'
  if (/<!doctype html|<html|<script|<body|<iframe/.test(text)) return 'HTML 网页'
  if (text.startsWith('<?xml')) return 'XML'
  return null
}

function extensionOf(name: string): string {
  const match = /\.([a-z0-9]{1,8})$/i.exec(name)
  return match ? match[1]!.toLowerCase() : ''
}

function withExtension(name: string, ext: string): string {
  const base = name.replace(/\.[a-z0-9]{1,8}$/i, '') || 'file'
  return `${base}.${ext}`
}

/** Payload's own PDF check (utilities/validatePDF) with a message people can read. */
function looksLikeCompletePdf(data: Buffer): boolean {
  const tail = data.subarray(Math.max(0, data.length - 1024)).toString('latin1')
  return tail.includes('%%EOF') && tail.includes('xref')
}

/**
 * The image re-encoded without EXIF, XMP or IPTC: a phone photo carries where
 * it was taken (GPS), when, and the camera's serial number, and the original
 * is published as uploaded (og:image, the largest size). The EXIF orientation
 * is applied to the pixels first, so the picture stays upright. Only images
 * that carry metadata are re-encoded, at a quality that keeps them originals
 * (PNG and GIF losslessly); animated images keep every frame.
 */
async function withoutMetadata(data: Buffer, mime: string): Promise<Buffer> {
  const image = limitedSharp(data, { animated: true }).rotate()
  switch (mime) {
    case 'image/jpeg':
      return image.jpeg({ quality: 92, mozjpeg: true }).toBuffer()
    case 'image/png':
      return image.png({ compressionLevel: 9 }).toBuffer()
    case 'image/webp':
      return image.webp({ quality: 90 }).toBuffer()
    case 'image/avif':
      return image.avif({ quality: 70 }).toBuffer()
    default:
      return image.gif().toBuffer()
  }
}

/**
 * `beforeOperation` of an upload collection: checks the incoming file before
 * Payload stores it, decodes it or makes image sizes. Refusals are 4xx with a
 * Chinese message. The accepted file's name and MIME type are rewritten to what
 * its content is, so what is stored and served never follows the client's claim,
 * and an image's metadata (GPS position, camera) is removed before it is stored.
 */
export function guardUpload<S extends CollectionSlug>(kind: UploadKind): CollectionBeforeOperationHook<S> {
  return async ({ args, operation, req }) => {
    if (operation !== 'create' && operation !== 'update') return args
    const file = req.file
    if (!file) return args
    // Anonymous callers are refused by access control right after this hook; no need to inspect their bytes.
    if (!req.user && !args.overrideAccess) return args
    const data = file.data
    if (!data || data.length === 0) throw clientError(400, '上传的文件是空的，请重新选择文件。')

    const detected = await fileTypeFromBuffer(data).catch(() => undefined)
    let mime = detected?.mime as string | undefined
    let ext = mime ? kind.accepts[mime] : undefined
    if (mime === CFB_MIME && !kind.image) {
      const claimed = extensionOf(file.name)
      if (LEGACY_OFFICE[claimed]) {
        mime = LEGACY_OFFICE[claimed]
        ext = claimed
      }
    }
    if (!mime || !ext) {
      // Text formats first: file-type calls an SVG with an XML prologue "application/xml".
      const what = describeText(data.subarray(0, 2048).toString('utf8')) ?? mime ?? '无法识别的格式'
      if (what === 'SVG')
        throw clientError(415, 'SVG 矢量图可能含有脚本，出于安全原因不能上传。请导出为 PNG 或 JPEG 图片后再上传。')
      throw clientError(415, `这个文件不能上传：按文件内容识别为「${what}」（与文件名无关）。${kind.description}。`)
    }

    if (kind.image) {
      let width = 0
      let height = 0
      let pages = 1
      let carriesMetadata = false
      try {
        // Reads the header only; our own limit below gives the clearer answer, so sharp's is lifted here.
        const meta = await limitedSharp(data, { limitInputPixels: false, animated: true }).metadata()
        width = meta.width ?? 0
        height = meta.pageHeight ?? meta.height ?? 0
        pages = meta.pages ?? 1
        carriesMetadata = Boolean(meta.exif || meta.xmp || meta.iptc)
      } catch {
        throw clientError(400, '图片文件已损坏或无法读取，请重新导出后再上传。')
      }
      if (!width || !height) throw clientError(400, '图片文件已损坏或无法读取，请重新导出后再上传。')
      if (width * height * pages > MAX_IMAGE_PIXELS) {
        throw clientError(
          413,
          `图片尺寸过大（${width}×${height} 像素${pages > 1 ? `，共 ${pages} 帧` : ''}），最多 ${MAX_IMAGE_PIXELS / 10_000} 万像素。请缩小后再上传。`,
        )
      }
      if (carriesMetadata) {
        try {
          file.data = await withoutMetadata(data, mime)
        } catch {
          throw clientError(400, '图片文件已损坏或无法读取，请重新导出后再上传。')
        }
        file.size = file.data.length
      }
    } else if (mime === 'application/pdf' && !looksLikeCompletePdf(data)) {
      throw clientError(400, 'PDF 文件不完整或已损坏，请重新导出后再上传。')
    }

    file.mimetype = mime
    file.name = withExtension(file.name, ext)
    return args
  }
}
