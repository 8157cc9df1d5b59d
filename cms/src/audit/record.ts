import type { Payload, PayloadRequest } from 'payload'
import { roleOf } from '../access/roles'
import type { AuditAction } from './actions'

type Entry = {
  action: AuditAction
  summary: string
  targetCollection?: string
  targetId?: string | number
  detail?: Record<string, unknown>
  actorEmail?: string
}

/**
 * The caller's address as the reverse proxy in front of the CMS reports it
 * (first X-Forwarded-For hop, or X-Real-IP). The CMS runs behind one in
 * production; a direct caller could forge these, which the entry records as is.
 */
function requestAddress(headers: Headers | undefined): string {
  const forwarded = headers?.get('x-forwarded-for')?.split(',')[0]?.trim()
  return (forwarded || headers?.get('x-real-ip') || '').slice(0, 100) || '未知'
}

/**
 * Writes one audit entry. Inside a hook pass `req`, so the entry commits or
 * rolls back with the change it records; after a failed request (the
 * transaction is gone) pass `payload` and no transaction.
 */
export async function recordAudit(
  payload: Payload,
  req: PayloadRequest | undefined,
  headers: Headers | undefined,
  entry: Entry,
): Promise<void> {
  const user = req?.user && roleOf(req.user) ? req.user : null
  await payload.create({
    collection: 'audit-log',
    data: {
      action: entry.action,
      summary: entry.summary.slice(0, 300),
      actor: user ? (user.id as number) : null,
      actorEmail: (entry.actorEmail ?? (user as { email?: string } | null)?.email ?? '系统').slice(0, 320),
      targetCollection: entry.targetCollection,
      targetId: entry.targetId === undefined ? undefined : String(entry.targetId),
      address: requestAddress(headers),
      detail: entry.detail,
    },
    overrideAccess: true,
    req,
  })
}
