import type { AppLoadContext } from '@remix-run/node'
import { clientAddress } from './client-address.server'
import { PRIVATE_PAGE_HEADERS, withRetryAfter } from './http.server'
import { inspectToken, type TokenPurpose } from './subscriptions.server'

/** The `?token=` of a page opened from one of our mails; empty when missing. */
export const tokenOf = (request: Request) => new URL(request.url).searchParams.get('token') ?? ''

/**
 * What a page opened from a link in one of our mails (confirm, manage,
 * unsubscribe) knows before it shows anything: the token and the
 * subscription it names, or a problem for the reader in Chinese, with the
 * status and headers to answer with (`init`). Reading changes nothing: link
 * scanners open every link in a mail.
 */
export async function readTokenLink(
  request: Request,
  context: AppLoadContext | undefined,
  purpose: TokenPurpose,
  incompleteLink: string,
) {
  const token = tokenOf(request)
  if (!token) {
    return { token, problem: incompleteLink, subscription: null, init: { status: 400, headers: PRIVATE_PAGE_HEADERS } }
  }
  const found = await inspectToken(token, purpose, clientAddress(request, context))
  if (!found.ok) {
    const problem = found.errors.token ?? found.errors.form ?? '链接无效。'
    return {
      token,
      problem,
      subscription: null,
      init: { status: found.status, headers: withRetryAfter(found.retryAfter) },
    }
  }
  return { token, problem: null, subscription: found.subscription, init: { headers: PRIVATE_PAGE_HEADERS } }
}
