import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { documentCsp, hashMarkedScripts, renderMarker } from './csp.server'

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

describe('hashMarkedScripts', () => {
  it('hashes only inline scripts carrying this render marker, and removes the marker', () => {
    const marker = renderMarker()
    const html = [
      `<script nonce="${marker}">window.__remixContext = {"a":1};</script>`,
      `<script type="module" async="" nonce="${marker}">import "/assets/x.js";</script>`,
      `<script type="module" src="/assets/enhance.js" nonce="${marker}"></script>`,
      '<script>window.__xss = 1</script>',
      '<script nonce="guessed">window.__xss = 2</script>',
    ].join('')
    const result = hashMarkedScripts(html, marker)
    expect(result.hashes).toEqual([sha('window.__remixContext = {"a":1};'), sha('import "/assets/x.js";')])
    expect(result.html).not.toContain(marker)
    expect(result.html).toContain('<script>window.__remixContext')
  })

  it('leaves a page without marked scripts as it is', () => {
    const html = '<p>正文</p><script type="application/ld+json">{}</script>'
    expect(hashMarkedScripts(html, renderMarker())).toEqual({ html, hashes: [] })
  })

  it('gives every render its own marker', () => {
    expect(renderMarker()).not.toBe(renderMarker())
  })
})

describe('documentCsp', () => {
  it('allows scripts from the site and the given hashes only, media from the CMS origin', () => {
    const csp = documentCsp({ scriptHashes: ["'sha256-abc'"], mediaOrigin: 'https://cms.example.org/' })
    expect(csp).toContain("script-src 'self' 'sha256-abc';")
    expect(csp).toContain("img-src 'self' https://cms.example.org;")
    expect(csp).toContain("frame-ancestors 'self'")
    expect(csp).not.toContain('unsafe')
  })
})

describe('documentCsp with files served from object storage', () => {
  it('allows images and media from the bucket origin as well as the CMS', () => {
    const csp = documentCsp({
      scriptHashes: [],
      mediaOrigin: 'https://cms.example.org',
      objectOrigin: 'https://cdn.example.org/newsroom',
    })
    expect(csp).toContain("img-src 'self' https://cms.example.org https://cdn.example.org;")
    expect(csp).toContain("media-src 'self' https://cms.example.org https://cdn.example.org;")
  })
})
