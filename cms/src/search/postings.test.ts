import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countAnd, countBits, Posting, wordsFor } from './postings'

const CAPACITY = 2000

/** A posting built from adds and removes, beside the plain Set it must equal. */
function build(ops: { slot: number; add: boolean }[]) {
  const posting = new Posting()
  const set = new Set<number>()
  for (const { slot, add } of ops) {
    if (add) {
      posting.add(slot, CAPACITY)
      set.add(slot)
    } else {
      posting.remove(slot)
      set.delete(slot)
    }
  }
  return { posting, set }
}

const ops = fc.array(fc.record({ slot: fc.nat(CAPACITY - 1), add: fc.boolean() }), { maxLength: 400 })
const words = wordsFor(CAPACITY)

describe('Posting', () => {
  it('holds exactly what was added and not removed, sparse or dense', () => {
    fc.assert(
      fc.property(ops, (list) => {
        const { posting, set } = build(list)
        expect(posting.size).toBe(set.size)
        for (let slot = 0; slot < CAPACITY; slot += 7) expect(posting.has(slot)).toBe(set.has(slot))
        expect(countBits(posting.toBits(words))).toBe(set.size)
      }),
    )
  })
  it('intersects, unites and counts like sets', () => {
    fc.assert(
      fc.property(ops, ops, (a, b) => {
        const x = build(a)
        const y = build(b)
        const both = [...x.set].filter((s) => y.set.has(s)).length
        const either = new Set([...x.set, ...y.set]).size
        expect(countBits(x.posting.andInto(y.posting.toBits(words)))).toBe(both)
        expect(countBits(x.posting.orInto(y.posting.toBits(words)))).toBe(either)
        expect(x.posting.countIn(y.posting.toBits(words))).toBe(both)
        expect(countAnd(x.posting.toBits(words), y.posting.toBits(words))).toBe(both)
      }),
    )
  })
  it('turns dense past one slot in 32 and keeps its contents', () => {
    const posting = new Posting()
    for (let slot = 0; slot < CAPACITY; slot += 3) posting.add(slot, CAPACITY)
    expect(posting.bytes).toBe(words * 4)
    expect(posting.has(3)).toBe(true)
    expect(posting.has(4)).toBe(false)
  })
})
