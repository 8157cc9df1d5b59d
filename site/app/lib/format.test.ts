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
  })

  it('reads about 400 characters a minute, at least one minute', () => {
    expect(readingMinutes(0)).toBe(1)
    expect(readingMinutes(846)).toBe(2)
    expect(readingMinutes(4000)).toBe(10)
  })
})
