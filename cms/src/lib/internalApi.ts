import { createHmac, timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'
import { env } from './env'

/**
 * The site calls some CMS endpoints on behalf of a reader (subscribe, confirm,
 * unsubscribe). The CMS only sees the site's own address, so the site forwards
 * the reader's address in a header, and proves it is the site with a shared
 * secret. Without the secret the forwarded address is ignored: anyone can set
 * a header.
 */
export const INTERNAL_SECRET_HEADER = 'x-newsroom-internal'
const CLIENT_ADDRESS_HEADER = 'x-newsroom-client-ip'

/** Same derivation as scripts/lib/local-settings.mjs `internalApiSecret()`. */
export const internalApiSecret: string =
  env.INTERNAL_API_SECRET ?? createHmac('sha256', env.PAYLOAD_SECRET).update('newsroom internal api').digest('hex')

/** Whether a request carries our site's internal secret (compared in constant time). */
export function sameInternalSecret(given: string | null): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(internalApiSecret)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * The key the rate limiter uses for the caller: the reader's address when the
 * site vouches for it (IPv6 cut to its /64, which one household or host owns),
 * else one shared "untrusted" bucket for direct callers.
 */
export function clientAddressKey(headers: Headers): string {
  if (!sameInternalSecret(headers.get(INTERNAL_SECRET_HEADER))) return 'untrusted'
  return addressKey(headers.get(CLIENT_ADDRESS_HEADER) ?? '')
}

/**
 * The key for limits that apply to every caller (login, search, preview): the
 * reader the site vouches for, else the caller itself. Next.js puts the TCP
 * peer in X-Forwarded-For when the request has none; behind CMS_TRUST_PROXY
 * proxies the caller is the entry that many places from the end. With no proxy
 * a caller that sends its own header chooses its key, so per-address limits
 * are then advisory and the per-account ones (login) carry the protection.
 */
export function callerAddressKey(headers: Headers): string {
  const vouched = clientAddressKey(headers)
  if (vouched !== 'untrusted') return vouched
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  const index = chain.length - Math.max(1, env.CMS_TRUST_PROXY)
  return addressKey(chain[Math.max(0, index)] ?? '')
}

/**
 * Keys of processes on this host (health checks, the bench, scripts, a site
 * instance beside the CMS): limits meant for remote readers leave them alone.
 * IPv6 keys are /64 prefixes; `::/64` holds only loopback and unspecified.
 */
export function isLoopbackKey(key: string): boolean {
  return key.startsWith('127.') || key === '0:0:0:0::/64'
}

function addressKey(value: string): string {
  const raw = value.trim()
  const mapped = raw.startsWith('::ffff:') && isIP(raw.slice(7)) === 4 ? raw.slice(7) : raw
  const family = isIP(mapped)
  if (family === 4) return mapped
  if (family === 6) return `${ipv6Prefix64(mapped)}::/64`
  return 'unknown'
}

function ipv6Prefix64(address: string): string {
  const [head, tail = ''] = address.split('::')
  const headParts = head ? head.split(':') : []
  const tailParts = tail ? tail.split(':') : []
  const missing = 8 - headParts.length - tailParts.length
  const full = address.includes('::') ? [...headParts, ...Array(missing).fill('0'), ...tailParts] : headParts
  return full
    .slice(0, 4)
    .map((part) => Number.parseInt(part || '0', 16).toString(16))
    .join(':')
}
