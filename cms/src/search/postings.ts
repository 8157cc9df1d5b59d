/**
 * Sets of document slots for the in-memory search index (memoryIndex.ts).
 *
 * Hand-written because what search needs is narrow and hot: a term's documents
 * as a sorted array while few hold it and as a bitset once many do (the common
 * word 科技 is in every article: 12.5 KB of bits at 100,000 articles instead of
 * 400 KB of slots), AND/AND-NOT into a bitset, the size of an intersection
 * without building it (facet counts), and one-slot updates as articles change.
 * The kept JavaScript bitset libraries either have one of the two forms only or
 * no counted intersection across both; CRoaring's Node port needs a binary
 * download at install, which this project cannot do.
 */

/** A set of slots as a plain bitset over `words` 32-bit words: the form queries compute in. */
export type Bits = Uint32Array

export function wordsFor(slots: number): number {
  return (slots + 31) >>> 5
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

export function countBits(bits: Bits): number {
  let n = 0
  for (let i = 0; i < bits.length; i++) if (bits[i] !== 0) n += popcount32(bits[i])
  return n
}

/** |a ∧ b| without building a ∧ b. */
export function countAnd(a: Bits, b: Bits): number {
  let n = 0
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const w = a[i] & b[i]
    if (w !== 0) n += popcount32(w)
  }
  return n
}

export function hasBit(bits: Bits, slot: number): boolean {
  return (bits[slot >>> 5] & (1 << (slot & 31))) !== 0
}

/** a ∧ ¬b, in place in `a`. */
export function andNotInto(a: Bits, b: Bits): Bits {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) a[i] &= ~b[i]
  return a
}

function andInto(a: Bits, b: Bits): Bits {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) a[i] &= b[i]
  a.fill(0, length)
  return a
}

export function orInto(a: Bits, b: Bits): Bits {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) a[i] |= b[i]
  return a
}

/** Below one slot in 32, a sorted array of slots is smaller than a bitset; above, the bitset. */
const DENSE_RATIO = 32

/**
 * One term's (or facet value's) documents. Sparse: `slots[0..size)` sorted
 * ascending. Dense: `bits`. Switches form as it grows or shrinks past
 * 1/DENSE_RATIO of `capacity` (the index's slot count).
 */
export class Posting {
  private slots: Uint32Array | null = new Uint32Array(4)
  private bits: Uint32Array | null = null
  size = 0

  has(slot: number): boolean {
    if (this.bits) return hasBit(this.bits, slot)
    return this.indexOf(slot) >= 0
  }

  /** Binary search in the sparse form: the index of `slot`, or -(insertion point) - 1. */
  private indexOf(slot: number): number {
    const slots = this.slots!
    let lo = 0
    let hi = this.size - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const v = slots[mid]
      if (v < slot) lo = mid + 1
      else if (v > slot) hi = mid - 1
      else return mid
    }
    return -lo - 1
  }

  add(slot: number, capacity: number): void {
    if (this.bits) {
      if (slot >>> 5 >= this.bits.length) {
        const grown = new Uint32Array(Math.max(wordsFor(capacity), (slot >>> 5) + 1))
        grown.set(this.bits)
        this.bits = grown
      }
      const mask = 1 << (slot & 31)
      if ((this.bits[slot >>> 5] & mask) === 0) {
        this.bits[slot >>> 5] |= mask
        this.size++
      }
      return
    }
    // Slots mostly arrive in ascending order (loading, new articles): append without searching.
    let at = this.size
    if (this.size > 0 && this.slots![this.size - 1] >= slot) {
      const found = this.indexOf(slot)
      if (found >= 0) return
      at = -found - 1
    }
    if (this.size === this.slots!.length) {
      const grown = new Uint32Array(this.slots!.length * 2)
      grown.set(this.slots!)
      this.slots = grown
    }
    if (at < this.size) this.slots!.copyWithin(at + 1, at, this.size)
    this.slots![at] = slot
    this.size++
    if (this.size * DENSE_RATIO > capacity) this.toDense(capacity)
  }

  remove(slot: number): void {
    if (this.bits) {
      const mask = 1 << (slot & 31)
      if (slot >>> 5 < this.bits.length && (this.bits[slot >>> 5] & mask) !== 0) {
        this.bits[slot >>> 5] &= ~mask
        this.size--
      }
      return
    }
    const found = this.indexOf(slot)
    if (found < 0) return
    this.slots!.copyWithin(found, found + 1, this.size)
    this.size--
  }

  private toDense(capacity: number): void {
    const bits = new Uint32Array(wordsFor(capacity))
    for (let i = 0; i < this.size; i++) bits[this.slots![i] >>> 5] |= 1 << (this.slots![i] & 31)
    this.bits = bits
    this.slots = null
  }

  /** Trims the sparse form's spare room once loading is done. */
  compact(): void {
    if (this.slots && this.slots.length > this.size + 4) this.slots = this.slots.slice(0, Math.max(4, this.size))
  }

  /** `target ∧= this` (`target` has the index's word count). */
  andInto(target: Bits): Bits {
    if (this.bits) return andInto(target, this.bits)
    const kept = new Uint32Array(target.length)
    for (let i = 0; i < this.size; i++) {
      const slot = this.slots![i]
      if (hasBit(target, slot)) kept[slot >>> 5] |= 1 << (slot & 31)
    }
    target.set(kept)
    return target
  }

  /** `target ∨= this`. */
  orInto(target: Bits): Bits {
    if (this.bits) return orInto(target, this.bits)
    for (let i = 0; i < this.size; i++) {
      const slot = this.slots![i]
      if (slot >>> 5 < target.length) target[slot >>> 5] |= 1 << (slot & 31)
    }
    return target
  }

  /** A fresh bitset of `words` words holding this set. */
  toBits(words: number): Bits {
    const out = new Uint32Array(words)
    if (this.bits) out.set(this.bits.length > words ? this.bits.subarray(0, words) : this.bits)
    else this.orInto(out)
    return out
  }

  /** |this ∧ bits|. */
  countIn(bits: Bits): number {
    if (this.bits) return countAnd(this.bits, bits)
    let n = 0
    for (let i = 0; i < this.size; i++) if (hasBit(bits, this.slots![i])) n++
    return n
  }

  /** Bytes held, for the index's memory report. */
  get bytes(): number {
    return (this.bits ?? this.slots!).byteLength
  }
}
