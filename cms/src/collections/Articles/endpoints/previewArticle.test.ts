import { describe, expect, it } from 'vitest'

// env.ts validates at import; these unit tests need only a secret-shaped value.
process.env.DATABASE_URL ??= 'postgres://unit@127.0.0.1:1/none'
process.env.PAYLOAD_SECRET ??= 'unit-test-secret-unit-test-secret-0000'
const { makePreviewToken, previewSignature, verifyPreviewToken } = await import('./previewArticle')

const SECRET = 'preview-secret-0123456789abcdef0123456789'

describe('preview tokens', () => {
  it('matches the shared test vector (site/app/lib/preview-token.server.test.ts has the same)', () => {
    expect(previewSignature(SECRET, 17, 1_800_000_000)).toBe('E9_fAoxI-z_93QXJvf5wXfJLOa9JZ9fEddIaNV5Skpo')
  })

  it('round-trips and expires after two hours', () => {
    const now = Date.UTC(2026, 10, 27)
    const token = makePreviewToken(17, now, SECRET)
    expect(verifyPreviewToken(token, now, SECRET)).toEqual({ ok: true, articleId: 17 })
    expect(verifyPreviewToken(token, now + 2 * 3600_000 + 1000, SECRET)).toEqual({ ok: false, reason: 'expired' })
    expect(verifyPreviewToken(token, now, `${SECRET}x`)).toEqual({ ok: false, reason: 'forged' })
    expect(verifyPreviewToken(token.replace(/^17\./, '18.'), now, SECRET)).toEqual({ ok: false, reason: 'forged' })
    expect(verifyPreviewToken(`${token}x`, now, SECRET)).toEqual({ ok: false, reason: 'malformed' })
  })
})
