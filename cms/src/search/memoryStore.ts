import type { Payload } from 'payload'
import { pgPool } from '../lib/sql'
import { type IndexRow, MemorySearchIndex } from './memoryIndex'
import { titlePinyin } from './pinyin'

/**
 * Where each CMS process's in-memory index (memoryIndex.ts) comes from and how
 * it stays current (docs/decisions/016). It loads `search_index` at boot
 * (instrumentation.ts) and, before answering a search, applies every row
 * written since (`seq` greater than the last it applied): a search therefore
 * sees every save committed before it, on every CMS instance, with no message
 * to lose. Writers take `seq` under an advisory lock (searchIndex.ts), so seq
 * order is commit order and nothing committed can hide below the last seq seen.
 */

const COLUMNS = `article_id, seq, live, published_at, section, policy_status, topic_ids, terms, title_terms, title_pinyin`
const BATCH = 5000
/** Dead slots (changed or removed articles) past which the process rebuilds its index from the table. */
const GARBAGE_RATIO = 0.25

type Topic = { id: number; slug: string; name: string; pinyin: string }

type Holder = {
  index: MemorySearchIndex | null
  loading: Promise<MemorySearchIndex> | null
  catchingUp: Promise<void> | null
  rebuilding: boolean
  topics: { list: Topic[]; at: number } | null
}

// Next.js may evaluate this module once per route bundle; one index per process all the same.
const KEY = Symbol.for('newsroom.searchMemoryIndex')
const global = globalThis as typeof globalThis & { [KEY]?: Holder }
global[KEY] ??= { index: null, loading: null, catchingUp: null, rebuilding: false, topics: null }
const holder = global[KEY]

async function rows<T>(payload: Payload, text: string, values: unknown[] = []): Promise<T[]> {
  return (await pgPool(payload).query(text, values)).rows as T[]
}

async function load(payload: Payload): Promise<MemorySearchIndex> {
  const started = performance.now()
  // Rows written before this version of the index existed (or by a migration) have no terms: fill them first.
  const { reindexMissingTerms } = await import('./searchIndex')
  const filled = await reindexMissingTerms(payload)
  if (filled > 0) payload.logger.info(`search: indexed ${filled} articles written before the in-memory index`)
  const index = new MemorySearchIndex()
  // The head first: anything written while the table is read is applied again by the first catch-up.
  const [{ head }] = await rows<{ head: string | null }>(payload, `SELECT max(seq) AS head FROM search_index`)
  index.addTerms(await rows(payload, `SELECT id, term FROM search_terms`))
  index.beginBulk()
  let after = 0
  for (;;) {
    const batch = await rows<IndexRow>(
      payload,
      `SELECT ${COLUMNS} FROM search_index WHERE live AND article_id > $1 ORDER BY article_id LIMIT ${BATCH}`,
      [after],
    )
    if (batch.length === 0) break
    for (const row of batch) index.apply(row)
    after = batch.at(-1)!.article_id
  }
  index.endBulk()
  index.garbage = 0
  index.seq = Number(head ?? 0)
  // Terms written while the rows were read.
  index.addTerms(await rows(payload, `SELECT id, term FROM search_terms WHERE id > $1`, [index.maxTermId]))
  payload.logger.info(
    `search: in-memory index of ${index.size} articles loaded in ${Math.round(performance.now() - started)} ms (${Math.round(index.bytes / 2 ** 20)} MB)`,
  )
  return index
}

/** Starts loading at boot; a failure (database down) is retried by the next search. */
export function startSearchIndex(payload: Payload): Promise<MemorySearchIndex> {
  holder.loading ??= load(payload).then(
    (index) => {
      holder.index = index
      return index
    },
    (error) => {
      holder.loading = null
      throw error
    },
  )
  return holder.loading
}

/** The index if it is loaded, else null (the search then answers through PostgreSQL, see searchIndex.ts). */
export function loadedSearchIndex(payload: Payload): MemorySearchIndex | null {
  if (!holder.index) void startSearchIndex(payload).catch(() => {})
  return holder.index
}

/** Applies every row written after the index's seq; concurrent callers share one catch-up. */
export function catchUp(payload: Payload, index: MemorySearchIndex): Promise<void> {
  holder.catchingUp ??= (async () => {
    try {
      const changed = await rows<IndexRow>(payload, `SELECT ${COLUMNS} FROM search_index WHERE seq > $1 ORDER BY seq`, [
        index.seq,
      ])
      // Terms after rows: any term a visible row names was committed before the row (searchIndex.ts).
      index.addTerms(await rows(payload, `SELECT id, term FROM search_terms WHERE id > $1`, [index.maxTermId]))
      for (const row of changed) index.apply(row)
      if (index.garbage > GARBAGE_RATIO * Math.max(1000, index.slotCount)) rebuild(payload)
    } finally {
      holder.catchingUp = null
    }
  })()
  return holder.catchingUp
}

/** Many changes leave many dead slots: load a fresh index beside the live one and swap. */
function rebuild(payload: Payload): void {
  if (holder.rebuilding) return
  holder.rebuilding = true
  load(payload)
    .then((fresh) => {
      holder.index = fresh
      holder.loading = Promise.resolve(fresh)
    })
    .catch((error) => payload.logger.warn({ err: error, msg: 'search: rebuilding the in-memory index failed' }))
    .finally(() => {
      holder.rebuilding = false
    })
}

/** Topics with their names' pinyin, re-read at most once a second (a renamed topic shows within a second). */
export async function searchTopics(payload: Payload): Promise<Topic[]> {
  const now = Date.now()
  if (holder.topics && now - holder.topics.at < 1000) return holder.topics.list
  const list = await rows<Omit<Topic, 'pinyin'>>(payload, `SELECT id, slug, name FROM topics ORDER BY "order", id`)
  const known = new Map((holder.topics?.list ?? []).map((t) => [`${t.id}:${t.name}`, t.pinyin]))
  holder.topics = {
    list: list.map((t) => ({
      ...t,
      slug: t.slug ?? '',
      pinyin: known.get(`${t.id}:${t.name}`) ?? titlePinyin(t.name),
    })),
    at: now,
  }
  return holder.topics.list
}
