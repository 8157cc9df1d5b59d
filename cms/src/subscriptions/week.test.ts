import { describe, expect, it } from 'vitest'
import { previousWeek, weekContaining, weekFromKey } from './week'

describe('digest weeks (ISO weeks in China time)', () => {
  it('a Monday 08:00 in Shanghai is the start of its week', () => {
    const week = weekContaining(new Date('2026-11-23T00:00:00Z')) // Monday 08:00 CST
    expect(week.key).toBe('2026-W48')
    expect(week.start.toISOString()).toBe('2026-11-22T16:00:00.000Z') // Monday 00:00 CST
    expect(week.end.toISOString()).toBe('2026-11-29T16:00:00.000Z')
  })

  it('Sunday 23:30 in Shanghai still belongs to the week that is ending', () => {
    expect(weekContaining(new Date('2026-11-29T15:30:00Z')).key).toBe('2026-W48')
    expect(weekContaining(new Date('2026-11-29T16:00:00Z')).key).toBe('2026-W49')
  })

  it('the Monday-morning digest covers the week before', () => {
    expect(previousWeek(new Date('2026-11-30T00:00:00Z')).key).toBe('2026-W48')
  })

  it('ISO years: 1 January 2027 (a Friday) is in 2026-W53', () => {
    expect(weekContaining(new Date('2027-01-01T04:00:00Z')).key).toBe('2026-W53')
    expect(weekContaining(new Date('2027-01-04T04:00:00Z')).key).toBe('2027-W01')
  })

  it('keys round-trip and nonsense is refused', () => {
    for (const key of ['2026-W01', '2026-W48', '2026-W53', '2027-W01']) expect(weekFromKey(key)?.key).toBe(key)
    expect(weekFromKey('2027-W53')).toBeNull() // 2027 has 52 weeks
    expect(weekFromKey('2026-48')).toBeNull()
    expect(weekFromKey('2026-W00')).toBeNull()
  })
})
