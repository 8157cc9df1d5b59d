import { cmsFailed, readerHeaders, requestCms } from './transport.server'

/**
 * The public sign-up flow's calls to the CMS's /api/subscriptions/* endpoints
 * (typed in features/subscriptions/subscriptions.server.ts). The reader's
 * address travels in a header the CMS trusts only with the shared secret.
 */

export type SubscriptionApiReply = { status: number; body: unknown; retryAfter: string | null }

export async function callSubscriptionApi(
  method: 'GET' | 'POST',
  action: 'subscribe' | 'token' | 'confirm' | 'manage' | 'unsubscribe',
  { body, query, clientAddress }: { body?: unknown; query?: Record<string, string>; clientAddress: string | null },
): Promise<SubscriptionApiReply> {
  const path = `/subscriptions/${action}`
  const headers = readerHeaders(clientAddress)
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await requestCms(path, {
    method,
    query,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (response.status >= 500) throw cmsFailed(response.status, path)
  const text = response.text()
  let parsed: unknown = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {}
  return { status: response.status, body: parsed, retryAfter: response.headers.get('retry-after') }
}
