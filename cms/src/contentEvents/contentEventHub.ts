import type { Payload } from 'payload'
import type { Notification, PoolClient } from 'pg'
import { replicaReadsActive } from '../lib/readReplicas'
import { pgPool } from '../lib/sql'
import { CONTENT_CHANNEL } from './notifyContentChange'

type Subscriber = {
  /** A committed change, the JSON the hook sent. */
  change: (payload: string) => void
  /** The LISTEN connection failed: events may be lost from here on; the subscriber must reconnect (and purge). */
  lost: () => void
}

/**
 * One LISTEN connection per CMS process, shared by every site instance's
 * event stream. It holds one client of Payload's pool for good (the pool keeps
 * the rest). On a database error every stream is closed: the sites then fall
 * back to 1-second pages and reconnect, and a stream's `ready` is only sent once
 * LISTEN is active again, so "ready" always means "every later commit reaches you".
 */
class ContentEventHub {
  private subscribers = new Set<Subscriber>()
  private listening: Promise<PoolClient> | null = null
  /** Notifications are stamped one after another, so they reach the sites in commit order. */
  private stamping: Promise<void> = Promise.resolve()

  /** Resolves once LISTEN is active on a live connection. */
  ensureListening(payload: Payload): Promise<PoolClient> {
    this.listening ??= this.listen(payload).catch((error) => {
      this.listening = null
      throw error
    })
    return this.listening
  }

  private async listen(payload: Payload): Promise<PoolClient> {
    const client = await pgPool(payload).connect()
    let failed = false
    const fail = (error: Error) => {
      if (failed) return
      failed = true
      payload.logger.warn({ msg: `content events: LISTEN connection lost (${error.message})` })
      this.listening = null
      client.removeAllListeners('notification')
      client.release(error)
      for (const subscriber of [...this.subscribers]) subscriber.lost()
    }
    client.on('error', fail)
    client.on('end', () => fail(new Error('connection ended')))
    const broadcast = (text: string) => {
      for (const subscriber of this.subscribers) subscriber.change(text)
    }
    client.on('notification', (message: Notification) => {
      if (message.channel !== CONTENT_CHANNEL) return
      const payloadText = message.payload ?? '{}'
      if (!replicaReadsActive()) return broadcast(payloadText)
      // With read replicas, each event says how far the WAL had come when it was relayed: at least the change's
      // commit. Sites send it back with their reads, which wait for a replica that far or read the primary
      // (lib/readReplicas.ts, docs/decisions/015).
      this.stamping = this.stamping.then(async () => {
        const lsn = await this.currentLsn(payload).catch(() => null)
        broadcast(lsn ? withLsn(payloadText, lsn) : payloadText)
      })
    })
    try {
      await client.query(`LISTEN ${CONTENT_CHANNEL}`)
    } catch (error) {
      fail(error as Error)
      throw error
    }
    return client
  }

  /** The primary's WAL write position when replicas serve reads (the position every commit so far is within), else null. */
  async currentLsn(payload: Payload): Promise<string | null> {
    if (!replicaReadsActive()) return null
    const result = await pgPool(payload).query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')
    return result.rows[0]?.lsn ?? null
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber)
    return () => this.subscribers.delete(subscriber)
  }

  get size(): number {
    return this.subscribers.size
  }
}

/** The event's JSON with the WAL position added (a payload that is not a JSON object goes as it came). */
function withLsn(payloadText: string, lsn: string): string {
  try {
    const change: unknown = JSON.parse(payloadText)
    if (change && typeof change === 'object' && !Array.isArray(change)) return JSON.stringify({ ...change, lsn })
  } catch {}
  return payloadText
}

// Next.js may evaluate this module more than once (route bundles); one hub per process all the same.
const HUB_KEY = Symbol.for('newsroom.contentEventHub')
const holder = globalThis as typeof globalThis & { [HUB_KEY]?: ContentEventHub }
holder[HUB_KEY] ??= new ContentEventHub()
export const contentEventHub: ContentEventHub = holder[HUB_KEY]
