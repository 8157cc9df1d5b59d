'use client'
import { useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useState } from 'react'

type Action = 'submit' | 'pass' | 'return' | 'approve'

const BUTTONS: Record<string, Array<{ action: Action; label: string }>> = {
  draft: [{ action: 'submit', label: '提交审核' }],
  returned: [{ action: 'submit', label: '修改后重新提交' }],
  approved: [{ action: 'submit', label: '提交新版本审核' }],
  pending_first: [
    { action: 'pass', label: '初审通过' },
    { action: 'return', label: '退回修改' },
  ],
  pending_final: [
    { action: 'approve', label: '终审通过并发布' },
    { action: 'return', label: '退回修改' },
  ],
}

/**
 * The review chain's buttons in the article's sidebar. Shows what the
 * article's state allows; the server (POST /api/articles/:id/review) decides
 * whether this user may, and its message is shown as is. Save your edits
 * first: a step acts on the last saved version.
 */
export function ReviewActions() {
  const { id } = useDocumentInfo()
  const state = useFormFields(([fields]) => fields.reviewState?.value as string | undefined) ?? 'draft'
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  if (!id) return <p style={{ margin: '0 0 16px' }}>保存草稿后即可提交审核。</p>

  async function act(action: Action) {
    setBusy(true)
    setMessage(null)
    try {
      const response = await fetch(`/api/articles/${id}/review`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action, comment: comment || undefined }),
      })
      const body = await response.json().catch(() => ({}))
      if (!response.ok) {
        setMessage({ ok: false, text: body?.errors?.[0]?.message ?? `操作失败（${response.status}）` })
        return
      }
      setMessage({ ok: true, text: '已完成，正在刷新…' })
      window.location.reload()
    } finally {
      setBusy(false)
    }
  }

  return (
    <fieldset style={{ margin: '0 0 24px', padding: 12, border: '1px solid var(--theme-elevation-150)' }}>
      <legend>审核（先审后发）</legend>
      <label style={{ display: 'block', marginBottom: 8 }}>
        意见（退回时必填）
        <textarea
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          rows={3}
          maxLength={1000}
          style={{ display: 'block', width: '100%', marginTop: 4 }}
        />
      </label>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        {(BUTTONS[state] ?? []).map((b) => (
          <button
            key={b.action}
            type="button"
            className="btn btn--style-secondary btn--size-small"
            disabled={busy}
            onClick={() => act(b.action)}
          >
            {b.label}
          </button>
        ))}
      </div>
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} style={{ color: message.ok ? 'inherit' : 'var(--theme-error-500)' }}>
          {message.text}
        </p>
      ) : null}
    </fieldset>
  )
}
