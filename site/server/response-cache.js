// The in-memory response cache in front of Remix: pre-compressed bodies with
// their headers, a generation counter for purges, coalesced renders, bounded
// staleness and a byte budget. Knows nothing of HTTP servers; server.js wires
// it (see cache-layer.js) and docs/decisions/006 explains the choices.
import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { isCompressible, isShareable, isStorable } from './http-cache-rules.js'

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/** Headers that describe the bytes on the wire, which the cache sets itself per encoding. */
const HOP_OR_WIRE_HEADERS = new Set([
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'date',
  'etag',
  'vary',
  'set-cookie',
])

/** Headers a 304 repeats (RFC 9110 §15.4.5). */
const NOT_MODIFIED_HEADERS = ['cache-control', 'content-location', 'expires', 'last-modified']

export const FRESH = 0
export const STALE = 1
export const EXPIRED = 2

/**
 * @typedef {{ body: Buffer, head: Record<string, string|number> }} Variant
 * @typedef {{
 *   key: string, generation: number, storedAt: number, renderedAt: number, status: number, etag: string,
 *   lastModified: string | undefined, bytes: number, used: boolean, pass: boolean,
 *   br?: Variant, gzip?: Variant, identity?: Variant, identityLength: number,
 *   baseHead: Record<string, string|number>, head304: Record<string, string|number>,
 *   retryAt?: number,
 * }} Entry
 */

export class ResponseCache {
  /**
   * @param {{ maxAgeMs?: number, disconnectedMaxAgeMs?: number, staleIfErrorMs?: number,
   *   maxBytes?: number, maxEntryBytes?: number, brotliQuality?: number, now?: () => number }} [options]
   */
  constructor({
    maxAgeMs = 60_000,
    disconnectedMaxAgeMs = 1_000,
    staleIfErrorMs = 600_000,
    maxBytes = 256 * 1024 * 1024,
    maxEntryBytes = 16 * 1024 * 1024,
    brotliQuality = 6,
    now = Date.now,
  } = {}) {
    this.maxAgeMs = maxAgeMs
    this.disconnectedMaxAgeMs = disconnectedMaxAgeMs
    this.staleIfErrorMs = staleIfErrorMs
    this.maxBytes = maxBytes
    this.maxEntryBytes = maxEntryBytes
    this.brotliQuality = brotliQuality
    this.now = now
    /** Bumped by every purge; a render that started under an older generation is never stored. */
    this.generation = 0
    /**
     * True while the content-event stream is up: events then invalidate, and
     * maxAgeMs only bounds what a lost event could cost. Without the stream
     * every entry lives disconnectedMaxAgeMs (the SPEC's one second).
     */
    this.connected = false
    /** @type {Map<string, Entry>} insertion order is the eviction clock's hand */
    this.entries = new Map()
    /** @type {Map<string, { generation: number, promise: Promise<any> }>} */
    this.inflight = new Map()
    this.bytes = 0
    this.stats = { hits: 0, stale: 0, misses: 0, renders: 0, stored: 0, discarded: 0, purges: 0, evictions: 0 }
  }

  /** The entry for a key if it belongs to the current generation (purged ones are gone). */
  get(key) {
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    entry.used = true
    return entry
  }

  /** FRESH: serve. STALE: serve and revalidate in the background. EXPIRED: render first. */
  freshness(entry, now = this.now()) {
    const age = now - entry.storedAt
    if (!this.connected) return age < this.disconnectedMaxAgeMs ? FRESH : EXPIRED
    if (age < this.maxAgeMs) return FRESH
    return age < 2 * this.maxAgeMs ? STALE : EXPIRED
  }

  /** An expired entry of this generation that may still stand in for a failed render. */
  usableOnError(entry, now = this.now()) {
    return entry !== undefined && !entry.pass && now - entry.renderedAt < this.staleIfErrorMs
  }

  /** Content changed (or may have): nothing stored so far may be served again, nothing rendering now may be stored. */
  purgeAll() {
    this.generation++
    this.entries.clear()
    this.inflight.clear()
    this.bytes = 0
    this.stats.purges++
    publishGeneration(this.generation)
  }

  setConnected(connected) {
    this.connected = connected
  }

  /**
   * Renders a key once however many requests want it at the same time.
   * Resolves to one of:
   * - `{ entry }`: stored (or storable) — answer from it;
   * - `{ shared }`: a response everyone may see but nobody may keep (a 500, no-store), buffered;
   * - `{ response }`: personal (Set-Cookie, private): only the caller that rendered gets it;
   * - `{ pass: true }`: a waiter whose leader got a personal response: render on your own.
   * @param {string} key
   * @param {() => Promise<Response>} render
   */
  fill(key, render) {
    const running = this.inflight.get(key)
    if (running !== undefined && running.generation === this.generation) {
      this.stats.misses++
      return running.promise.then((result) => (result.response ? { pass: true } : result))
    }
    const generation = this.generation
    this.stats.misses++
    this.stats.renders++
    const promise = this.#renderAndStore(key, render, generation)
    const slot = { generation, promise }
    this.inflight.set(key, slot)
    const done = () => {
      if (this.inflight.get(key) === slot) this.inflight.delete(key)
    }
    promise.then(done, done)
    return promise
  }

  async #renderAndStore(key, render, generation) {
    const response = await render()
    if (!isShareable(response)) {
      this.#markPass(key, generation)
      return { response }
    }
    const body = Buffer.from(await response.arrayBuffer())
    if (!isStorable(response) || body.length > this.maxEntryBytes) {
      return { shared: { status: response.status, headers: response.headers, body } }
    }
    const entry = await this.#buildEntry(key, response, body, generation)
    // The race the generation guards: this render may have read the database
    // before a commit whose purge arrived while it ran. Such a page is served
    // to the requests that were already waiting (they asked before the purge)
    // but never stored.
    if (generation === this.generation) this.#store(entry)
    else this.stats.discarded++
    return { entry }
  }

  /** Remembers for a while that a URL answers personally, so its requests stop queueing behind each other. */
  #markPass(key, generation) {
    if (generation !== this.generation) return
    this.#store({
      key,
      generation,
      storedAt: this.now(),
      renderedAt: this.now(),
      pass: true,
      used: false,
      bytes: 64,
    })
  }

  async #buildEntry(key, response, body, generation) {
    /** @type {Record<string, string>} */
    const base = {}
    for (const [name, value] of response.headers) if (!HOP_OR_WIRE_HEADERS.has(name)) base[name] = value
    // A route's own validator (feeds compute one) stays; other pages get one from their bytes.
    const etag =
      response.headers.get('etag') ?? `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`
    base.etag = etag
    base.vary = 'Accept-Encoding'
    // Operators and tests see where an answer came from; MISS and STALE replace it when they apply.
    base['x-cache'] = 'HIT'
    /** @type {Record<string, string>} */
    const head304 = { etag, vary: 'Accept-Encoding' }
    for (const name of NOT_MODIFIED_HEADERS) if (base[name] !== undefined) head304[name] = base[name]

    /** @type {Entry} */
    const entry = {
      key,
      generation,
      storedAt: this.now(),
      renderedAt: this.now(),
      status: response.status,
      etag,
      lastModified: base['last-modified'],
      pass: false,
      used: false,
      bytes: 512,
      baseHead: base,
      head304,
      identityLength: body.length,
    }
    const variant = (bytes, encoding) => ({
      body: bytes,
      head: encoding
        ? { ...base, 'content-encoding': encoding, 'content-length': bytes.length }
        : { ...base, 'content-length': bytes.length },
    })
    if (isCompressible(base['content-type']) && body.length > 256) {
      const [br, gz] = await Promise.all([
        brotli(body, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: this.brotliQuality,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          },
        }),
        gzip(body, { level: 6 }),
      ])
      entry.br = variant(br, 'br')
      entry.gzip = variant(gz, 'gzip')
      entry.bytes += br.length + gz.length
      // Identity is for rare clients (curl, some crawlers); it is unzipped on demand, not kept twice.
    } else {
      entry.identity = variant(body)
      entry.bytes += body.length
    }
    return entry
  }

  /** The bytes and headers for an encoding; identity of a compressed entry is unzipped once, on demand. */
  variant(entry, encoding) {
    if (encoding === 'br' && entry.br) return entry.br
    if (encoding !== 'identity' && entry.gzip) return entry.gzip
    if (entry.identity === undefined) {
      const body = zlib.gunzipSync(entry.gzip.body)
      entry.identity = { body, head: { ...entry.baseHead, 'content-length': body.length } }
      entry.bytes += body.length
      this.bytes += body.length
      this.#evict()
    }
    return entry.identity
  }

  #store(entry) {
    const previous = this.entries.get(entry.key)
    if (previous !== undefined) {
      this.bytes -= previous.bytes
      this.entries.delete(entry.key)
    }
    this.entries.set(entry.key, entry)
    this.bytes += entry.bytes
    if (!entry.pass) this.stats.stored++
    this.#evict()
  }

  /** Second-chance (CLOCK) eviction: a hit only sets a flag, so hits never reorder the map. */
  #evict() {
    while (this.bytes > this.maxBytes && this.entries.size > 0) {
      // The loop's condition guarantees an entry.
      const [key, oldest] = /** @type {[string, Entry]} */ (this.entries.entries().next().value)
      this.entries.delete(key)
      if (oldest.used) {
        oldest.used = false
        this.entries.set(key, oldest)
      } else {
        this.bytes -= oldest.bytes
        this.stats.evictions++
      }
    }
  }
}

/**
 * The site's in-process caches below the page (lib/cms/settings.server.ts keeps site
 * settings for a second) read this to drop what they hold when content changes;
 * a page re-rendered after a purge must not be built from pre-purge data.
 */
const GENERATION_KEY = Symbol.for('newsroom.contentGeneration')
function publishGeneration(generation) {
  globalThis[GENERATION_KEY] = generation
}
