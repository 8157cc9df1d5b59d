import { type PinyinPattern, pinyinKeys } from './pinyin'
import { andNotInto, type Bits, countBits, hasBit, orInto, Posting, wordsFor } from './postings'
import type { ParsedSearchQuery } from './query'

/**
 * The search index each CMS process holds in memory (docs/decisions/016): for
 * every term, the set of articles holding it (postings.ts), plus sets per
 * section, topic, year and policy status. A query is a few intersections of
 * bitsets — the article count divided by 32 words each — so an exact total,
 * every facet count and any page cost well under a millisecond at 100,000
 * articles, where PostgreSQL's GIN index had to visit every matching row.
 *
 * Articles live in slots. A changed article takes a new slot and its old one is
 * cleared from `live` (postings only ever gain slots, which keeps updates cheap
 * and needs no copy of each article's terms); `garbage` counts the dead slots
 * so the store can rebuild when they pile up. `order` lists slots newest first:
 * results within one rank are shown in that order.
 */

/** One `search_index` row as the store reads it (memoryStore.ts). */
export type IndexRow = {
  article_id: number
  seq: string | number
  live: boolean
  published_at: Date | string | null
  section: string
  policy_status: string | null
  topic_ids: number[] | null
  /** Big-endian uint32 term ids (`search_terms`). */
  terms: Buffer | null
  title_terms: Buffer | null
  title_pinyin: string
}

export type SearchFilters = {
  section: string | null
  topic: number | null
  year: number | null
  status: string | null
}

type FacetCount<T> = { value: T; count: number }
export type Facets = {
  section: FacetCount<string>[]
  topic: FacetCount<number>[]
  year: FacetCount<number>[]
  status: FacetCount<string>[]
}

/**
 * Ranks, best first; within a rank, newer first. A title that holds the query
 * as typed, then one that holds its words apart, then the text with the query
 * as typed (an exact phrase), then its characters scattered, then pinyin in a
 * title, then pinyin in a topic's name.
 */
const RANKS = ['titlePhrase', 'title', 'phrase', 'scattered', 'pinyinTitle', 'pinyinTopic'] as const
export type Rank = (typeof RANKS)[number]

export type IndexPage = {
  /** Article ids of the page, in order, with the rank each came from. */
  hits: { articleId: number; rank: Rank }[]
  total: number
  ranks: Record<Rank, number>
  facets: Facets
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000

/** The calendar year in Shanghai (no daylight saving: a fixed UTC+8), as the site's archive counts. */
export function shanghaiYear(ms: number): number {
  return new Date(ms + SHANGHAI_OFFSET_MS).getUTCFullYear()
}

function termIdsOf(bytes: Buffer | null): Uint32Array {
  if (!bytes || bytes.length < 4) return new Uint32Array(0)
  const out = new Uint32Array(bytes.length >>> 2)
  for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt32BE(i * 4)
  return out
}

function postingIn<K>(map: Map<K, Posting>, key: K): Posting {
  let posting = map.get(key)
  if (!posting) {
    posting = new Posting()
    map.set(key, posting)
  }
  return posting
}

export class MemorySearchIndex {
  /** Every row with seq ≤ this has been applied. */
  seq = 0
  /** term → id (`search_terms`); ids are never reused. */
  readonly termIds = new Map<string, number>()
  maxTermId = 0
  garbage = 0

  private slots = 0
  private articleOf = new Int32Array(1024)
  private dateOf = new Float64Array(1024)
  private readonly slotOf = new Map<number, number>()
  private live = new Posting()
  private order = new Uint32Array(1024)
  private orderLength = 0
  /** While loading, `order` is sorted once at the end instead of at every row. */
  private bulk = false

  private readonly terms = new Map<number, Posting>()
  private readonly titleTerms = new Map<number, Posting>()
  private readonly pinyin = new Map<string, Posting>()
  private readonly sections = new Map<string, Posting>()
  private readonly years = new Map<number, Posting>()
  private readonly topics = new Map<number, Posting>()
  private readonly statuses = new Map<string, Posting>()

  get size(): number {
    return this.slotOf.size
  }

  get slotCount(): number {
    return this.slots
  }

  addTerms(rows: { id: number; term: string }[]): void {
    for (const { id, term } of rows) {
      this.termIds.set(term, id)
      if (id > this.maxTermId) this.maxTermId = id
    }
  }

  beginBulk(): void {
    this.bulk = true
  }

  endBulk(): void {
    this.bulk = false
    const order = this.order.subarray(0, this.orderLength)
    order.sort((a, b) => this.compareSlots(a, b))
    for (const map of [this.terms, this.titleTerms, this.pinyin, this.topics]) for (const p of map.values()) p.compact()
  }

  /** Newer first; at the same time, the higher article id (the later one written) first. */
  private compareSlots(a: number, b: number): number {
    return this.dateOf[b] - this.dateOf[a] || this.articleOf[b] - this.articleOf[a]
  }

  private grow(): void {
    if (this.slots < this.articleOf.length) return
    const size = this.articleOf.length * 2
    const articleOf = new Int32Array(size)
    articleOf.set(this.articleOf)
    this.articleOf = articleOf
    const dateOf = new Float64Array(size)
    dateOf.set(this.dateOf)
    this.dateOf = dateOf
    const order = new Uint32Array(size)
    order.set(this.order)
    this.order = order
  }

  /** Applies one row: an article published or changed (a new slot), or gone (`live` false). */
  apply(row: IndexRow): void {
    const seq = Number(row.seq)
    if (seq > this.seq) this.seq = seq
    const old = this.slotOf.get(row.article_id)
    if (old !== undefined) {
      this.live.remove(old)
      this.slotOf.delete(row.article_id)
      this.garbage++
    }
    if (!row.live || !row.terms) return
    this.grow()
    const slot = this.slots++
    const capacity = this.articleOf.length
    const date = row.published_at ? new Date(row.published_at).getTime() : 0
    this.articleOf[slot] = row.article_id
    this.dateOf[slot] = date
    this.slotOf.set(row.article_id, slot)
    this.live.add(slot, capacity)
    for (const id of termIdsOf(row.terms)) postingIn(this.terms, id).add(slot, capacity)
    for (const id of termIdsOf(row.title_terms)) postingIn(this.titleTerms, id).add(slot, capacity)
    for (const key of pinyinKeys(row.title_pinyin)) postingIn(this.pinyin, key).add(slot, capacity)
    postingIn(this.sections, row.section).add(slot, capacity)
    postingIn(this.years, shanghaiYear(date)).add(slot, capacity)
    for (const topic of row.topic_ids ?? []) postingIn(this.topics, topic).add(slot, capacity)
    if (row.section === 'policy') postingIn(this.statuses, row.policy_status ?? 'valid').add(slot, capacity)
    this.insertInOrder(slot)
  }

  private insertInOrder(slot: number): void {
    if (this.bulk) {
      this.order[this.orderLength++] = slot
      return
    }
    let lo = 0
    let hi = this.orderLength
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.compareSlots(this.order[mid], slot) <= 0) lo = mid + 1
      else hi = mid
    }
    this.order.copyWithin(lo + 1, lo, this.orderLength)
    this.order[lo] = slot
    this.orderLength++
  }

  private get words(): number {
    return wordsFor(this.slots)
  }

  /** Slots holding every term (all of `terms` looked up in `map`), among live ones; empty when a term is unknown. */
  private allOf(terms: string[], map: Map<number, Posting>): Bits {
    const postings: Posting[] = []
    for (const term of terms) {
      const id = this.termIds.get(term)
      const posting = id === undefined ? undefined : map.get(id)
      if (!posting || posting.size === 0) return new Uint32Array(this.words)
      postings.push(posting)
    }
    postings.sort((a, b) => a.size - b.size)
    const bits = (postings[0] ?? this.live).toBits(this.words)
    for (const posting of postings.slice(1)) posting.andInto(bits)
    return this.live.andInto(bits)
  }

  private pinyinOf(patterns: PinyinPattern[]): Bits {
    const out = new Uint32Array(this.words)
    for (const pattern of patterns) {
      const postings = pattern.keys.map((key) => this.pinyin.get(key))
      if (postings.some((p) => !p || p.size === 0)) continue
      const sorted = (postings as Posting[]).sort((a, b) => a.size - b.size)
      const bits = sorted[0].toBits(this.words)
      for (const posting of sorted.slice(1)) posting.andInto(bits)
      orInto(out, bits)
    }
    return this.live.andInto(out)
  }

  private filterBits(filters: SearchFilters, except: keyof SearchFilters | null): Bits | null {
    const parts: (Posting | undefined)[] = []
    if (filters.section !== null && except !== 'section') parts.push(this.sections.get(filters.section))
    if (filters.topic !== null && except !== 'topic') parts.push(this.topics.get(filters.topic))
    if (filters.year !== null && except !== 'year') parts.push(this.years.get(filters.year))
    if (filters.status !== null && except !== 'status') parts.push(this.statuses.get(filters.status))
    if (parts.length === 0) return null
    const bits = parts[0] ? parts[0].toBits(this.words) : new Uint32Array(this.words)
    for (const part of parts.slice(1)) {
      if (part) part.andInto(bits)
      else bits.fill(0)
    }
    return bits
  }

  private facetsOf(matched: Bits, filters: SearchFilters): Facets {
    const count = <K>(map: Map<K, Posting>, facet: keyof SearchFilters): FacetCount<K>[] => {
      const restrict = this.filterBits(filters, facet)
      const base = restrict ? andBits(restrict, matched) : matched
      const out: FacetCount<K>[] = []
      for (const [value, posting] of map) {
        const n = posting.countIn(base)
        if (n > 0 || value === filters[facet]) out.push({ value, count: n })
      }
      return out
    }
    return {
      section: count(this.sections, 'section'),
      topic: count(this.topics, 'topic'),
      year: count(this.years, 'year').sort((a, b) => b.value - a.value),
      status: count(this.statuses, 'status'),
    }
  }

  /**
   * One page of results with its exact total, the count of each rank and the
   * facet counts. `topicIds` are the topics whose names the query matches as
   * pinyin (the store knows the names).
   */
  search(
    query: ParsedSearchQuery,
    filters: SearchFilters,
    { offset, limit, topicIds }: { offset: number; limit: number; topicIds: number[] },
  ): IndexPage {
    const words = this.words
    const match = this.allOf(
      query.runs.flatMap((r) => r.match),
      this.terms,
    )
    const phraseTerms = query.runs.flatMap((r) => r.phrase)
    const phrase = phraseTerms.length ? andBits(match, this.allOf(phraseTerms, this.terms)) : match
    const title = andBits(
      match,
      this.allOf(
        query.runs.flatMap((r) => r.match),
        this.titleTerms,
      ),
    )
    const titlePhrase = phraseTerms.length ? andBits(title, this.allOf(phraseTerms, this.titleTerms)) : title
    let pinyinTitle: Bits = new Uint32Array(words)
    let pinyinTopic: Bits = new Uint32Array(words)
    if (query.pinyin) {
      pinyinTitle = andNotInto(this.pinyinOf(query.pinyin), match)
      for (const topic of topicIds) this.topics.get(topic)?.orInto(pinyinTopic)
      pinyinTopic = andNotInto(andNotInto(this.live.andInto(pinyinTopic), match), pinyinTitle)
    }
    const matched = orInto(orInto(match.slice(), pinyinTitle), pinyinTopic)
    const filter = this.filterBits(filters, null)
    const restrict = (bits: Bits) => (filter ? andBits(bits, filter) : bits.slice())
    const tiers: Record<Rank, Bits> = {
      titlePhrase: restrict(titlePhrase),
      title: andNotInto(restrict(title), titlePhrase),
      phrase: andNotInto(restrict(phrase), title),
      scattered: andNotInto(andNotInto(restrict(match), phrase), title),
      pinyinTitle: restrict(pinyinTitle),
      pinyinTopic: restrict(pinyinTopic),
    }
    const ranks = Object.fromEntries(RANKS.map((rank) => [rank, countBits(tiers[rank])])) as Record<Rank, number>
    const total = RANKS.reduce((n, rank) => n + ranks[rank], 0)
    const hits: IndexPage['hits'] = []
    let skip = offset
    for (const rank of RANKS) {
      if (hits.length >= limit) break
      const n = ranks[rank]
      if (skip >= n) {
        skip -= n
        continue
      }
      for (const slot of this.pageOf(tiers[rank], n, skip, limit - hits.length))
        hits.push({ articleId: this.articleOf[slot], rank })
      skip = 0
    }
    return { hits, total, ranks, facets: this.facetsOf(matched, filters) }
  }

  /** Up to `limit` newest slots of `bits` after skipping `skip`. */
  private pageOf(bits: Bits, count: number, skip: number, limit: number): number[] {
    // A small set: its slots sorted by date beat walking every article in date order.
    if (count * 64 < this.orderLength) {
      const slots: number[] = []
      for (let w = 0; w < bits.length; w++) {
        let word = bits[w]
        while (word !== 0) {
          const low = word & -word
          slots.push((w << 5) + 31 - Math.clz32(low))
          word ^= low
        }
      }
      return slots.sort((a, b) => this.compareSlots(a, b)).slice(skip, skip + limit)
    }
    const out: number[] = []
    for (let i = 0; i < this.orderLength && out.length < limit; i++) {
      const slot = this.order[i]
      if (hasBit(bits, slot) && skip-- <= 0) out.push(slot)
    }
    return out
  }

  /** Newest live titles holding every run (title phrase first): suggestions as a reader types. */
  suggest(query: ParsedSearchQuery, limit: number): number[] {
    const terms = query.runs.flatMap((r) => r.match)
    const phraseTerms = query.runs.flatMap((r) => r.phrase)
    const title = this.allOf(terms, this.titleTerms)
    const phrase = phraseTerms.length ? andBits(title, this.allOf(phraseTerms, this.titleTerms)) : title
    const rest = andNotInto(title.slice(), phrase)
    const pinyin = query.pinyin ? andNotInto(this.pinyinOf(query.pinyin), title) : new Uint32Array(this.words)
    const out: number[] = []
    for (const bits of [phrase, rest, pinyin]) {
      if (out.length >= limit) break
      for (const slot of this.pageOf(bits, countBits(bits), 0, limit - out.length)) out.push(this.articleOf[slot])
    }
    return out
  }

  /** Bytes held by the postings, for the log line at load. */
  get bytes(): number {
    let n = this.articleOf.byteLength + this.dateOf.byteLength + this.order.byteLength
    for (const map of [this.terms, this.titleTerms, this.pinyin, this.sections, this.years, this.topics, this.statuses])
      for (const p of map.values()) n += p.bytes
    return n
  }
}

function andBits(a: Bits, b: Bits): Bits {
  const out = new Uint32Array(a.length)
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) out[i] = a[i] & b[i]
  return out
}
