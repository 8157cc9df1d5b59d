import { inflateRawSync } from 'node:zlib'
import { MAX_UPLOAD_BYTES } from '../uploads/limits'
import { FileImportError } from './errors'

/**
 * The checks a .docx gets before mammoth opens it. mammoth (through JSZip)
 * inflates every entry into memory at once, so a zip bomb — a few kilobytes
 * that claim or inflate to gigabytes — must be stopped before it: the central
 * directory's entry count and declared sizes are checked first, then each
 * entry is inflated with a hard output cap of its declared size, so an entry
 * that lies about its size fails instead of filling memory.
 */

/** Largest .docx accepted: the same limit as any upload. */
export const MAX_DOCX_BYTES = MAX_UPLOAD_BYTES
/** All entries together, inflated. A text document with a dozen photos is far below this. */
const MAX_DOCX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
/** A Word document has a few dozen parts; thousands mean something else. */
const MAX_DOCX_ENTRIES = 2000

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
const MB = 1024 * 1024

export type DocxPackage = {
  /** Inflated parts by name, already within the limits. */
  entries: Map<string, Buffer>
}

function utf16(name: string): Buffer {
  return Buffer.from(name, 'utf16le')
}

/** Legacy .doc and password-protected .docx are both OLE compound files; the stream names tell them apart. */
function refuseCompoundFile(data: Buffer, file: string): never {
  if (data.includes(utf16('EncryptedPackage')) || data.includes(utf16('EncryptionInfo'))) {
    throw new FileImportError(
      'encrypted',
      file,
      '文档设有打开密码（已加密），无法读取。请在 Word 中取消密码后另存为 .docx 再导入。',
    )
  }
  throw new FileImportError(
    'legacy_doc',
    file,
    '这是旧版 Word 97-2003 文档（.doc），不能直接导入。请在 Word 或 WPS 中“另存为”Word 文档（.docx）后再导入。',
  )
}

function corrupt(file: string, detail: string): never {
  throw new FileImportError(
    'corrupt',
    file,
    `文件已损坏或不是有效的 Word 文档（.docx）：${detail}。请在 Word 中打开并重新保存后再试。`,
  )
}

/** Reads the central directory and inflates every entry within the limits above. */
export function openDocxPackage(data: Buffer, file: string): DocxPackage {
  if (data.length > MAX_DOCX_BYTES) {
    throw new FileImportError(
      'too_large',
      file,
      `文件有 ${(data.length / MB).toFixed(1)} MB，超过 ${MAX_DOCX_BYTES / MB} MB 的上限（多为图片过大）。请在 Word 中“压缩图片”后再导入。`,
    )
  }
  if (data.length >= 8 && data.subarray(0, 8).equals(CFB_MAGIC)) refuseCompoundFile(data, file)
  if (data.length < 22 || data.readUInt32LE(0) !== 0x04034b50) {
    if (data.length === 0) throw new FileImportError('empty', file, '文件是空的（0 字节）。')
    corrupt(file, '不是 ZIP 格式')
  }

  // End of central directory: the last record with its signature (a comment may follow it).
  let eocd = -1
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) corrupt(file, '找不到 ZIP 目录（文件可能不完整）')
  const count = data.readUInt16LE(eocd + 10)
  const cdSize = data.readUInt32LE(eocd + 12)
  const cdOffset = data.readUInt32LE(eocd + 16)
  if (count === 0xffff || cdOffset === 0xffffffff) {
    throw new FileImportError('zip_bomb', file, '压缩包条目过多或过大（ZIP64），不像是 Word 文档，已拒绝。')
  }
  if (count > MAX_DOCX_ENTRIES) {
    throw new FileImportError(
      'zip_bomb',
      file,
      `压缩包内有 ${count} 个条目，超过 ${MAX_DOCX_ENTRIES} 个的上限，已拒绝（疑似压缩炸弹）。`,
    )
  }
  if (cdOffset + cdSize > eocd) corrupt(file, 'ZIP 目录位置无效')

  type Entry = { name: string; method: number; compressed: number; size: number; local: number }
  const list: Entry[] = []
  let total = 0
  let p = cdOffset
  for (let n = 0; n < count; n++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== 0x02014b50) corrupt(file, 'ZIP 目录条目无效')
    const flags = data.readUInt16LE(p + 8)
    const method = data.readUInt16LE(p + 10)
    const compressed = data.readUInt32LE(p + 20)
    const size = data.readUInt32LE(p + 24)
    const nameLength = data.readUInt16LE(p + 28)
    const extraLength = data.readUInt16LE(p + 30)
    const commentLength = data.readUInt16LE(p + 32)
    const local = data.readUInt32LE(p + 42)
    const name = data.subarray(p + 46, p + 46 + nameLength).toString('utf8')
    if (flags & 1) {
      throw new FileImportError('encrypted', file, '文档的压缩内容已加密，无法读取。请取消密码后另存为 .docx 再导入。')
    }
    total += size
    if (total > MAX_DOCX_UNCOMPRESSED_BYTES) {
      throw new FileImportError(
        'zip_bomb',
        file,
        `文档解压后超过 ${MAX_DOCX_UNCOMPRESSED_BYTES / MB} MB（多为图片过多或过大，或是压缩炸弹），已拒绝。请压缩图片或拆分文档后再导入。`,
      )
    }
    list.push({ name, method, compressed, size, local })
    p += 46 + nameLength + extraLength + commentLength
  }

  const entries = new Map<string, Buffer>()
  for (const entry of list) {
    if (entry.name.endsWith('/')) continue
    const at = entry.local
    if (at + 30 > data.length || data.readUInt32LE(at) !== 0x04034b50) corrupt(file, `条目 ${entry.name} 无效`)
    const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28)
    const raw = data.subarray(start, start + entry.compressed)
    if (raw.length !== entry.compressed) corrupt(file, `条目 ${entry.name} 不完整`)
    let body: Buffer
    if (entry.method === 0) body = Buffer.from(raw)
    else if (entry.method === 8) {
      try {
        // A cap one byte above the declared size: inflating more than declared is a lie, and fails here.
        body = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size + 1) })
      } catch {
        throw new FileImportError(
          'zip_bomb',
          file,
          `条目 ${entry.name} 解压后的大小与声明不符（疑似压缩炸弹或文件损坏），已拒绝。`,
        )
      }
    } else corrupt(file, `条目 ${entry.name} 使用了不支持的压缩方式`)
    if (body.length !== entry.size) {
      throw new FileImportError(
        'zip_bomb',
        file,
        `条目 ${entry.name} 解压后的大小与声明不符（疑似压缩炸弹或文件损坏），已拒绝。`,
      )
    }
    entries.set(entry.name, body)
  }

  const types = entries.get('[Content_Types].xml')?.toString('utf8') ?? ''
  if (/macroEnabled/i.test(types) || entries.has('word/vbaProject.bin')) {
    throw new FileImportError(
      'macro',
      file,
      '这是启用宏的 Word 文档（.docm），出于安全原因不能导入。请在 Word 中“另存为”普通 Word 文档（.docx）后再导入。',
    )
  }
  if (!entries.has('word/document.xml') || !types.includes('wordprocessingml')) {
    throw new FileImportError('not_docx', file, '这不是 Word 文档（缺少 word/document.xml），请选择 .docx 文件。')
  }
  return { entries }
}

/** The creation date of the core properties (docProps/core.xml), if any. */
export function coreCreatedDate(pkg: DocxPackage): Date | null {
  const core = pkg.entries.get('docProps/core.xml')?.toString('utf8')
  const match = core && /<dcterms:created[^>]*>([^<]+)<\/dcterms:created>/.exec(core)
  if (!match) return null
  const date = new Date(match[1].trim())
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1990 ? null : date
}
