// Security headers on every answer of the site: client files, cache hits,
// Remix renders, errors. Documents get their Content-Security-Policy from the
// render itself (app/entry.server.tsx: script hashes); everything else gets a
// policy that allows nothing, so a feed or JSON opened in a browser runs
// nothing either. See docs/decisions/008-site-security-headers.md.

/** The same for every response; applied once per stored entry, never per cache hit. */
const BASE_SECURITY_HEADERS = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'SAMEORIGIN',
  // Features a news site never uses; only names Chromium knows, or it warns in every reader's console.
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
})

/** For anything that is not an HTML page of ours: feeds, JSON, text, images, scripts, stylesheets. */
export const RESOURCE_CSP = "default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"

export const STATIC_SECURITY_HEADERS = Object.freeze({
  ...BASE_SECURITY_HEADERS,
  'content-security-policy': RESOURCE_CSP,
})

/**
 * A cookie as the site may set it: HttpOnly, SameSite=Lax, Secure on an https
 * site. The site sets none today; this keeps one added later from leaking to
 * scripts or cross-site requests by omission.
 */
export function hardenCookie(setCookie, secure) {
  const parts = setCookie.split(';').map((p) => p.trim())
  const has = (name) => parts.some((p) => p.toLowerCase().split('=')[0] === name)
  const extra = []
  if (!has('httponly')) extra.push('HttpOnly')
  if (!has('samesite')) extra.push('SameSite=Lax')
  if (secure && !has('secure')) extra.push('Secure')
  return extra.length ? `${setCookie}; ${extra.join('; ')}` : setCookie
}

/**
 * Adds what a Remix response lacks. Routes may set a stricter header of their
 * own; a missing CSP means the response is not a document of ours, so it gets
 * the policy that allows nothing.
 * @param {Response} response
 * @param {{ secureCookies: boolean }} options
 * @returns {Response}
 */
export function withSecurityHeaders(response, { secureCookies }) {
  let headers = response.headers
  try {
    applyTo(headers, secureCookies)
    return response
  } catch {
    // Response.redirect() and fetch() responses have immutable headers: copy them.
    headers = new Headers(response.headers)
    applyTo(headers, secureCookies)
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}

function applyTo(headers, secureCookies) {
  for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) if (!headers.has(name)) headers.set(name, value)
  if (!headers.has('content-security-policy')) headers.set('content-security-policy', RESOURCE_CSP)
  const cookies = headers.getSetCookie()
  if (cookies.length) {
    headers.delete('set-cookie')
    for (const cookie of cookies) headers.append('set-cookie', hardenCookie(cookie, secureCookies))
  }
}
