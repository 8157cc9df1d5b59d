import path from 'node:path'
import type { Endpoint } from 'payload'
import { isStaffUser } from '../access/roles'
import { isSection } from '../collections/Articles/sections'
import { jsonError } from '../endpoints/respond'
import type { User } from '../payload-types'
import { MAX_DOCX_BYTES } from './docxPackage'
import { type ImportOutcome, importDocx } from './importDocx'

/** Files per request: a batch an editor picks by hand; more is a job for `npm run import`. */
const MAX_FILES = 20
const MB = 1024 * 1024

/**
 * `POST /api/articles/import-docx` (multipart: `files` one or more .docx,
 * `section`, `topics` as comma-separated ids) — the admin's 从 Word 导入.
 * Staff only; each file is imported with the caller's own access (an author
 * creates drafts, as in the editor) and answers one outcome per file:
 * `{ results: [{ file, status: imported|skipped|failed, id?, title?, reason?, adminUrl? }] }`.
 */
export const importDocxEndpoint: Endpoint = {
  path: '/import-docx',
  method: 'post',
  handler: async (req) => {
    if (!isStaffUser(req.user)) return jsonError(401, 'UNAUTHORIZED', '请先登录后台。')
    let form: FormData
    try {
      form = (await req.formData?.()) as FormData
    } catch {
      return jsonError(400, 'INVALID_BODY', '请求格式不正确：请以表单（multipart/form-data）上传 .docx 文件。')
    }
    const files = (form?.getAll('files') ?? []).filter((f): f is File => typeof f === 'object' && f !== null)
    if (files.length === 0) return jsonError(400, 'NO_FILES', '请选择至少一个 Word 文档（.docx）。')
    if (files.length > MAX_FILES) {
      return jsonError(400, 'TOO_MANY_FILES', `一次最多导入 ${MAX_FILES} 个文件，更多请分批或用 npm run import。`)
    }
    const section = String(form.get('section') ?? 'news')
    if (!isSection(section)) return jsonError(400, 'INVALID_SECTION', `栏目“${section}”不存在。`)
    const topics = String(form.get('topics') ?? '')
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n > 0)

    const results: Array<ImportOutcome & { adminUrl?: string }> = []
    for (const file of files) {
      const name = path.basename(file.name || 'document.docx')
      if (file.size > MAX_DOCX_BYTES) {
        results.push({
          file: name,
          status: 'failed',
          reason: `${name}：文件有 ${(file.size / MB).toFixed(1)} MB，超过 ${MAX_DOCX_BYTES / MB} MB 的上限（多为图片过大）。请在 Word 中“压缩图片”后再导入。`,
        })
        continue
      }
      const data = Buffer.from(await file.arrayBuffer())
      const outcome = await importDocx(req.payload, { data, name }, { section, topics, user: req.user as User })
      results.push({ ...outcome, adminUrl: outcome.id ? `/admin/collections/articles/${outcome.id}` : undefined })
    }
    return Response.json({ results }, { headers: { 'Cache-Control': 'no-store' } })
  },
}
