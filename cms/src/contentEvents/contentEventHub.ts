import type { Payload } from 'payload'
import type { Notification, PoolClient } from 'pg'
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
    client.on('notification', (message: Notification) => {
      if (message.channel !== CONTENT_CHANNEL) return
      const payloadText = message.payload ?? '{}'
      for (const subscriber of this.subscribers) subscriber.change(payloadText)
    })
    try {
      await client.query(`LISTEN ${CONTENT_CHANNEL}`)
    } catch (error) {
      fail(error as Error)
      throw error
    }
    return client
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber)
    return () => this.subscribers.delete(subscriber)
  }

  get size(): number {
    return this.subscribers.size
  }
}

// Next.js may evaluate this module more than once (route bundles); one hub per process all the same.
const HUB_KEY = Symbol.for('newsroom.contentEventHub')
const holder = globalThis as typeof globalThis & { [HUB_KEY]?: ContentEventHub }
holder[HUB_KEY] ??= new ContentEventHub()
export const contentEventHub: ContentEventHub = holder[HUB_KEY]
