import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countReadableCharacters, formatDate, formatDateLong, monthStartIso, readingMinutes } from './format'

describe('dates in Shanghai time', () => {
  it('shows the Shanghai calendar day whatever the server zone', () => {
    expect(formatDate('2016-04-17T16:30:00.000Z')).toBe('2016-04-18')
    expect(formatDateLong('2016-04-18T02:00:00.000Z')).toBe('2016年4月18日')
    expect(formatDate(null)).toBe('')
    expect(formatDate('not a date')).toBe('')
  })

  it('starts months at Shanghai midnight', () => {
    expect(monthStartIso(2016, 4)).toBe('2016-03-31T16:00:00.000Z')
    expect(monthStartIso(2017, 1)).toBe('2016-12-31T16:00:00.000Z')
  })
})

describe('reading time by characters', () => {
  it('counts Han characters one by one and latin words as one', () => {
    expect(countReadableCharacters('普陀区科技企业联合会')).toBe(10)
    expect(countReadableCharacters('召开2016年年会，PC端与移动端')).toBe(12)
    expect(countReadableCharacters('，。！  ')).toBe(0)
    expect(countReadableCharacters('𠀀abc𠀁 déjà vu Ⅻ½')).toBe(6)
  })

  it('counts what the regular-expression definition counts, on any text', () => {
    // The definition the hand-written loop must agree with (format.ts says why it is a loop).
    const definition = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu
    const counted = (text: string) => text.match(definition)?.length ?? 0
    const pieces = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('普陀', '科技', '2016', 'PC', 'déjà', '𠀀', 'Ⅻ', '½', '，', ' ', '\u3007', '々', 'ａｂ', '٣'),
    )
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const text = parts.join('')
        expect(countReadableCharacters(text)).toBe(counted(text))
      }),
      { numRuns: 2000 },
    )
  })

  it('reads about 400 characters a minute, at least one minute', () => {
    expect(readingMinutes(0)).toBe(1)
    expect(readingMinutes(846)).toBe(2)
    expect(readingMinutes(4000)).toBe(10)
  })
})
