import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionAfterErrorHook,
  CollectionBeforeChangeHook,
  CollectionSlug,
  GlobalAfterChangeHook,
  PayloadRequest,
} from 'payload'
import { recordAudit } from './record'

type Versioned = { id: number | string; _status?: 'draft' | 'published' | null; title?: string | null }

const titleOf = (doc: {
  title?: string | null
  name?: string | null
  email?: string | null
  filename?: string | null
}) => doc.title || doc.name || doc.email || doc.filename || ''

const liveKey = (slug: CollectionSlug, id: unknown) => `audit:wasLive:${slug}:${String(id)}`

async function storedStatus(req: PayloadRequest, slug: CollectionSlug, id: unknown) {
  const row = await req.payload.db.findOne<Versioned>({ collection: slug, where: { id: { equals: id } }, req })
  return row?._status
}

/**
 * Before a write that leaves a draft: was the stored (live) row published?
 * `previousDoc` cannot say, because it is the latest version, which may be a
 * newer draft of a live article.
 */
export const noteLiveStatus: CollectionBeforeChangeHook = async ({ collection, data, operation, originalDoc, req }) => {
  if (operation === 'update' && data._status !== 'published' && originalDoc?.id !== undefined) {
    req.context[liveKey(collection.slug, originalDoc.id)] =
      (await storedStatus(req, collection.slug, originalDoc.id)) === 'published'
  }
  return data
}

/**
 * Publishing and unpublishing of versioned documents. A draft saved over a
 * live document leaves the stored row published; only when a write turned a
 * published row into a draft was it withdrawn.
 */
export const auditPublication: CollectionAfterChangeHook = async ({ collection, doc, previousDoc, req }) => {
  const now = doc as Versioned
  const before = previousDoc as Versioned | undefined
  const label = `《${titleOf(doc)}》`
  if (now._status === 'published') {
    const urgent = req.context.urgentPublish === true
    await recordAudit(req.payload, req, req.headers, {
      action: urgent ? 'urgent_publish' : 'publish',
      summary: `${urgent ? '紧急发布' : before?._status === 'published' ? '更正并发布' : '发布'} ${collection.labels.singular as string}${label}`,
      targetCollection: collection.slug,
      targetId: now.id,
    })
    return doc
  }
  if (req.context[liveKey(collection.slug, now.id)] !== true) return doc
  if ((await storedStatus(req, collection.slug, now.id)) === 'published') return doc
  await recordAudit(req.payload, req, req.headers, {
    action: 'unpublish',
    summary: `撤回 ${collection.labels.singular as string}${label}`,
    targetCollection: collection.slug,
    targetId: now.id,
  })
  return doc
}

export const auditDelete: CollectionAfterDeleteHook = async ({ collection, doc, req }) => {
  await recordAudit(req.payload, req, req.headers, {
    action: 'delete',
    summary: `删除 ${collection.labels.singular as string}《${titleOf(doc)}》`,
    targetCollection: collection.slug,
    targetId: doc.id,
  })
  return doc
}

export const auditRoleChange: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  const changed =
    operation === 'create' ||
    previousDoc?.role !== doc.role ||
    Boolean(previousDoc?.finalReviewer) !== Boolean(doc.finalReviewer)
  if (!changed) return doc
  await recordAudit(req.payload, req, req.headers, {
    action: 'role_change',
    summary:
      operation === 'create'
        ? `新建用户 ${doc.email}（${doc.role}）`
        : `用户 ${doc.email} 的角色：${previousDoc?.role} → ${doc.role}${doc.finalReviewer ? '（终审人）' : ''}`,
    targetCollection: 'users',
    targetId: doc.id,
    detail: { from: previousDoc?.role ?? null, to: doc.role, finalReviewer: Boolean(doc.finalReviewer) },
  })
  return doc
}

/**
 * Failed logins (wrong password, unknown address, locked account). The
 * request's transaction is already rolled back here, so the entry is written
 * on its own; the e-mail is what was typed, never the password.
 */
export const auditLoginFailure: CollectionAfterErrorHook = async ({ error, req }) => {
  // Class names do not survive the production bundle's minifier: match the status and the route.
  if ((error as { status?: number }).status !== 401) return
  if (!req.url || !new URL(req.url, 'http://cms').pathname.endsWith('/users/login')) return
  // Payload parsed the body into req.data before it failed.
  const typed = (req.data as { email?: unknown } | undefined)?.email
  const email = typeof typed === 'string' ? typed : ''
  await recordAudit(req.payload, undefined, req.headers, {
    action: 'login_failed',
    summary: `登录失败：${email.slice(0, 200) || '（未填写邮箱）'}`,
    targetCollection: 'users',
    actorEmail: email.slice(0, 320) || '未知',
  }).catch((e) => req.payload.logger.error({ err: e, msg: 'audit: could not record a failed login' }))
}

export const auditSettingsChange: GlobalAfterChangeHook = async ({ doc, previousDoc, global, req }) => {
  const keys = Object.keys(doc).filter(
    (key) =>
      !['updatedAt', 'createdAt', 'globalType'].includes(key) &&
      JSON.stringify(doc[key]) !== JSON.stringify(previousDoc?.[key]),
  )
  if (keys.length === 0) return doc
  await recordAudit(req.payload, req, req.headers, {
    action: 'settings_change',
    summary: `修改${global.label as string}：${keys.join('、')}`,
    targetCollection: global.slug,
    detail: { changed: keys },
  })
  return doc
}
