/**
 * Talking to the running stack the way staff and integrations do: REST with a
 * JWT from POST /api/users/login.
 */
import { randomUUID } from 'node:crypto'
import { inject } from 'vitest'
import { lexicalDocument } from '../../scripts/lib/cms-rest.mjs'
import type { Stack } from './stack'

export function requireStack(): Stack {
  const stack = inject('stack')
  if (!stack) throw new Error('These tests need the running stack; unset NEWSROOM_TEST_STACK=off.')
  return stack
}

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers }

export async function api<T = any>(
  method: string,
  path: string,
  { token, body, query }: { token?: string; body?: unknown; query?: Record<string, string | number> } = {},
): Promise<ApiResponse<T>> {
  const { cmsUrl } = requireStack()
  const url = new URL(`/api${path}`, cmsUrl)
  for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, String(value))
  const response = await fetchOnce(url, method, {
    method,
    headers: {
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `JWT ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {}
  return { status: response.status, body: parsed as T, headers: response.headers }
}

/**
 * Node's fetch reuses keep-alive sockets that the server may close at the same
 * moment (its 5 s idle timeout); a GET that meets such a socket is retried once.
 */
async function fetchOnce(url: URL, method: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init)
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code
    if (method !== 'GET' || code !== 'UND_ERR_SOCKET') throw error
    return fetch(url, init)
  }
}

export async function login(email: string, password: string): Promise<string> {
  const { status, body } = await api('POST', '/users/login', { body: { email, password } })
  if (status !== 200 || !body?.token) throw new Error(`login failed for ${email}: ${status} ${JSON.stringify(body)}`)
  return body.token as string
}

export async function adminToken(): Promise<string> {
  const { admin } = requireStack()
  return login(admin.email, admin.password)
}

export type Role = 'author' | 'editor' | 'admin'

/** A fresh staff account of the given role, created by the admin through REST. */
export async function createStaff(role: Role): Promise<{ id: number; email: string; token: string }> {
  const email = `${role}-${randomUUID().slice(0, 8)}@newsroom.test`
  const password = `Pw-${randomUUID()}`
  const { status, body } = await api('POST', '/users', {
    token: await adminToken(),
    body: { email, password, role, name: `测试${role}` },
  })
  if (status !== 201) throw new Error(`could not create ${role}: ${status} ${JSON.stringify(body)}`)
  return { id: body.doc.id, email, token: await login(email, password) }
}

export type Upload = { name: string; type: string; data: Buffer; fields?: Record<string, unknown> }

/** An upload the way the admin sends one: multipart to /api/media or /api/documents. */
export async function uploadFile(collection: 'media' | 'documents', file: Upload, token: string) {
  const form = new FormData()
  const fields = file.fields ?? (collection === 'media' ? { alt: '上传测试图片' } : { title: '上传测试附件' })
  form.append('_payload', JSON.stringify(fields))
  form.append('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name)
  const response = await fetch(new URL(`/api/${collection}`, requireStack().cmsUrl), {
    method: 'POST',
    headers: { authorization: `JWT ${token}`, accept: 'application/json' },
    body: form,
  })
  const text = await response.text()
  let body: any = text
  try {
    body = JSON.parse(text)
  } catch {}
  return { status: response.status, body, message: String(body?.errors?.[0]?.message ?? '') }
}

/** Minimal Lexical document with one paragraph per string (the same builder the bench scripts use). */
export const lexical = (...paragraphs: string[]) => lexicalDocument(...paragraphs)
