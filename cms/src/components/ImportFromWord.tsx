'use client'
import { useEffect, useState } from 'react'
import { SECTIONS } from '../collections/Articles/sections'

type Result = {
  file: string
  status: 'imported' | 'skipped' | 'failed'
  title?: string
  reason?: string
  adminUrl?: string
}
type Topic = { id: number; name: string }

/**
 * 从 Word 导入 on the articles list and on a new article: pick .docx files,
 * a section and topics, and get one draft per file (POST
 * /api/articles/import-docx, which checks who may). The answer lists each
 * file with a link to its draft, or the reason it was refused.
 */
export function ImportFromWord() {
  const [open, setOpen] = useState(false)
  const [files, setFiles] = useState<File[]>([])
  const [section, setSection] = useState('news')
  const [topics, setTopics] = useState<Topic[]>([])
  const [chosen, setChosen] = useState<number[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [results, setResults] = useState<Result[] | null>(null)

  useEffect(() => {
    if (!open || topics.length) return
    fetch('/api/topics?limit=100&depth=0&sort=order', { credentials: 'include' })
      .then((r) => r.json())
      .then((body) => setTopics((body?.docs ?? []).map((t: Topic) => ({ id: t.id, name: t.name }))))
      .catch(() => {})
  }, [open, topics.length])

  async function submit(event: React.FormEvent) {
    event.preventDefault()
    if (!files.length) {
      setError('请选择至少一个 Word 文档（.docx）。')
      return
    }
    setBusy(true)
    setError(null)
    setResults(null)
    try {
      const form = new FormData()
      for (const file of files) form.append('files', file)
      form.append('section', section)
      form.append('topics', chosen.join(','))
      const response = await fetch('/api/articles/import-docx', { method: 'POST', credentials: 'include', body: form })
      const body = await response.json().catch(() => ({}))
      if (!response.ok) setError(body?.errors?.[0]?.message ?? `导入失败（${response.status}）`)
      else setResults(body.results ?? [])
    } catch {
      setError('网络错误，请稍后重试。')
    } finally {
      setBusy(false)
    }
  }

  const box = { margin: '0 0 24px', padding: 12, border: '1px solid var(--theme-elevation-150)' }
  if (!open) {
    return (
      <div style={{ margin: '0 0 16px' }}>
        <button type="button" className="btn btn--style-secondary btn--size-small" onClick={() => setOpen(true)}>
          从 Word 导入
        </button>
      </div>
    )
  }
  return (
    <form onSubmit={submit} style={box} aria-label="从 Word 导入">
      <p style={{ marginTop: 0 }}>
        选择一个或多个 Word 文档（.docx，WPS
        保存的也可以），每个文件生成一篇草稿，标题、日期、表格和图片会保留；导入不会发布任何内容。
      </p>
      <label style={{ display: 'block', marginBottom: 8 }}>
        文件：
        <input
          type="file"
          name="files"
          multiple
          accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          onChange={(e) => setFiles([...(e.target.files ?? [])])}
        />
      </label>
      <label style={{ display: 'block', marginBottom: 8 }}>
        栏目：
        <select name="section" value={section} onChange={(e) => setSection(e.target.value)}>
          {SECTIONS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {topics.length ? (
        <fieldset style={{ marginBottom: 8, border: 0, padding: 0 }}>
          <legend>专题：</legend>
          {topics.map((t) => (
            <label key={t.id} style={{ marginRight: 12 }}>
              <input
                type="checkbox"
                checked={chosen.includes(t.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, t.id] : chosen.filter((id) => id !== t.id))}
              />
              {t.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <button type="submit" className="btn btn--style-primary btn--size-small" disabled={busy}>
        {busy ? '正在导入…' : '导入为草稿'}
      </button>{' '}
      <button type="button" className="btn btn--style-secondary btn--size-small" onClick={() => setOpen(false)}>
        关闭
      </button>
      {error ? <p role="alert">{error}</p> : null}
      {results ? (
        <ul aria-label="导入结果">
          {results.map((r) => (
            <li key={r.file}>
              {r.status === 'failed' ? (
                <span>✗ {r.reason}</span>
              ) : (
                <span>
                  {r.status === 'skipped' ? '已导入过：' : '✓ 已存为草稿：'}
                  <a href={r.adminUrl}>{r.title}</a>
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  )
}
