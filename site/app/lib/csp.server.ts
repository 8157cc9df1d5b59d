import { createHash, randomBytes } from 'node:crypto'

/**
 * The Content-Security-Policy of an HTML page, with the hashes of the inline
 * scripts Remix emits (`<Scripts/>`, `<ScrollRestoration/>`, streamed data)
 * when a route hydrates. Why hashes and not nonces: the response cache stores
 * whole pages and serves them to everyone, so a nonce would be the same for
 * every reader and could be copied into injected markup; a hash allows only
 * the exact script that was rendered. See docs/decisions/008.
 */

/** A fresh marker per render: only scripts carrying it (rendered by us, not typed by an editor) get hashed. */
export function renderMarker(): string {
  return randomBytes(18).toString('base64url')
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi

/**
 * Hashes the inline scripts that carry `nonce="<marker>"` and removes the
 * marker from the page, so the stored page says nothing a later reader could
 * reuse. An inline script without the marker (something that slipped into
 * an editor's HTML) gets no hash: the browser refuses to run it.
 */
export function hashMarkedScripts(html: string, marker: string): { html: string; hashes: string[] } {
  const attribute = ` nonce="${marker}"`
  if (!html.includes(attribute)) return { html, hashes: [] }
  const hashes = new Set<string>()
  for (const [, attributes, body] of html.matchAll(SCRIPT)) {
    if (!attributes!.includes(attribute) || /\ssrc=/i.test(attributes!)) continue
    hashes.add(`'sha256-${createHash('sha256').update(body!, 'utf8').digest('base64')}'`)
  }
  return { html: html.replaceAll(attribute, ''), hashes: [...hashes] }
}

/**
 * The page policy: our own origin, media from the CMS (and from the object store's public
 * origin when files are served from there, S3_PUBLIC_URL), no plugins, no framing by others.
 */
export function documentCsp({
  scriptHashes,
  mediaOrigin,
  objectOrigin,
}: {
  scriptHashes: string[]
  mediaOrigin: string
  objectOrigin?: string
}): string {
  const media = [...new Set([mediaOrigin, objectOrigin].flatMap((url) => (url ? [new URL(url).origin] : [])))].join(' ')
  return [
    "default-src 'self'",
    `script-src ${["'self'", ...scriptHashes].join(' ')}`,
    "style-src 'self'",
    `img-src 'self' ${media}`,
    `media-src 'self' ${media}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ')
}
