import type { AppLoadContext } from '@remix-run/node'
import { env } from '~/lib/env.server'

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The TCP peer of the request, set by server.js. */
    clientAddress?: string | null
  }
}

/**
 * The reader's address, for rate limiting. Without proxies it is the socket's
 * peer. Behind TRUST_PROXY proxies, each appended the address it saw to
 * X-Forwarded-For, so the reader is the entry that many places from the end;
 * anything further left was written by the client and proves nothing.
 */
export function clientAddress(request: Request, context: AppLoadContext | undefined): string | null {
  const peer = context?.clientAddress ?? null
  if (env.TRUST_PROXY === 0) return peer
  const forwarded = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  const chain = [...forwarded, ...(peer ? [peer] : [])]
  return chain[chain.length - 1 - env.TRUST_PROXY] ?? chain[0] ?? null
}
