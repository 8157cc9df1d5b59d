/**
 * The header policy of site/server/security-headers.js without a server:
 * what a Remix response gains, what a route's own header keeps, and how a
 * cookie a route might set is hardened.
 */
import { describe, expect, it } from 'vitest'
import { hardenCookie, RESOURCE_CSP, withSecurityHeaders } from '../../site/server/security-headers.js'

describe('withSecurityHeaders', () => {
  it('adds the common headers and the deny-all policy to a response without one', () => {
    const response = withSecurityHeaders(new Response('{}', { headers: { 'content-type': 'application/json' } }), {
      secureCookies: false,
    })
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(response.headers.get('content-security-policy')).toBe(RESOURCE_CSP)
  })

  it("keeps a route's own policy and referrer policy", () => {
    const headers = { 'content-security-policy': "default-src 'self'", 'referrer-policy': 'no-referrer' }
    const response = withSecurityHeaders(new Response('', { headers }), { secureCookies: false })
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'")
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
  })

  it('copies responses whose headers cannot change (redirects)', () => {
    const response = withSecurityHeaders(Response.redirect('http://localhost/a', 301), { secureCookies: false })
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe('http://localhost/a')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('hardens every cookie, Secure only on an https site', () => {
    const headers = new Headers()
    headers.append('set-cookie', 'a=1; Path=/')
    headers.append('set-cookie', 'b=2; Path=/; SameSite=Strict; HttpOnly')
    const plain = withSecurityHeaders(new Response('', { headers }), { secureCookies: false })
    expect(plain.headers.getSetCookie()).toEqual([
      'a=1; Path=/; HttpOnly; SameSite=Lax',
      'b=2; Path=/; SameSite=Strict; HttpOnly',
    ])
    expect(hardenCookie('a=1', true)).toBe('a=1; HttpOnly; SameSite=Lax; Secure')
  })
})
