import { describe, expect, it } from 'vitest'
import { checkPreviewToken, previewSignature } from './preview-token.server'

const SECRET = 'preview-secret-0123456789abcdef0123456789'
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0)
const EXPIRES = NOW / 1000 + 3600

describe('preview tokens', () => {
  it('matches the shared test vector (cms/src/collections/Articles/endpoints/previewArticle.test.ts has the same)', () => {
    expect(previewSignature(SECRET, 17, 1_800_000_000)).toBe('E9_fAoxI-z_93QXJvf5wXfJLOa9JZ9fEddIaNV5Skpo')
  })

  it('accepts a fresh token signed with the secret', () => {
    const token = `17.${EXPIRES}.${previewSignature(SECRET, 17, EXPIRES)}`
    expect(checkPreviewToken(token, SECRET, NOW)).toBe('valid')
  })

  it('refuses expired, forged and malformed tokens', () => {
    const sig = previewSignature(SECRET, 17, EXPIRES)
    expect(checkPreviewToken(`17.${EXPIRES}.${sig}`, SECRET, (EXPIRES + 1) * 1000)).toBe('expired')
    expect(checkPreviewToken(`18.${EXPIRES}.${sig}`, SECRET, NOW)).toBe('forged')
    expect(
      checkPreviewToken(
        `17.${EXPIRES}.${previewSignature('another-secret-of-sufficient-length!!', 17, EXPIRES)}`,
        SECRET,
        NOW,
      ),
    ).toBe('forged')
    for (const bad of [
      '',
      'x',
      '17',
      `17.${EXPIRES}`,
      `0.${EXPIRES}.${sig}`,
      `17.${EXPIRES}.${sig}=`,
      `17.${EXPIRES}.${sig}.x`,
      'a'.repeat(5000),
    ])
      expect(checkPreviewToken(bad, SECRET, NOW)).toBe('malformed')
  })

  it('without a secret, checks only form and expiry (the CMS verifies the signature)', () => {
    const token = `17.${EXPIRES}.${'A'.repeat(43)}`
    expect(checkPreviewToken(token, undefined, NOW)).toBe('valid')
    expect(checkPreviewToken(token, undefined, (EXPIRES + 1) * 1000)).toBe('expired')
  })
})
