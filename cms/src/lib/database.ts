/**
 * Payload's PostgreSQL adapter, made to survive a database restart
 * (docs/decisions/010-database-outages.md). Measured against a real restart
 * (test/faults/database-restart.test.ts), Payload 3.90 as shipped:
 *
 * 1. crashes the tolerance of the process: an idle pooled connection that the
 *    server closes makes pg-pool emit `error` on the pool, which nobody listens
 *    to, so every restart logged `uncaughtException` (Next.js keeps the process
 *    alive; plain Node would exit);
 * 2. leaks pool slots: `connect()` checks out one client for good and only
 *    replaces it after an ECONNRESET, without releasing the dead one, so each
 *    such outage costs a slot until queries wait forever;
 * 3. reports a failed COMMIT as success: `commitTransaction` swallows the
 *    error, and `beginTransaction`'s `.catch` absorbs the transaction's
 *    rejection (payloadcms/payload#17727, open). An editor whose save died at
 *    COMMIT was told 「更新成功」 although nothing was stored;
 * 4. waits for a connection without limit when the server does not answer.
 */
import { postgresAdapter } from '@payloadcms/db-postgres'
import type { DatabaseAdapterObj, Payload } from 'payload'
import pg from 'pg'

type PostgresArgs = Parameters<typeof postgresAdapter>[0]

/** How long a query waits for a connection before failing; the request then answers 503. */
const CONNECT_TIMEOUT_MS = 5_000
/** Idle connections are closed after this; fewer of them to find dead after a restart. */
const IDLE_TIMEOUT_MS = 10_000

/** SQLSTATEs that mean "the server is not there for you right now", not "your query is wrong". */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300'])
/** Node socket errors on the way to the server. */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])
/**
 * pg and Payload report some of these by message only: pg's own connection
 * errors have no code, and Payload's beginTransaction rethrows a fresh Error
 * that keeps only the text of the cause.
 */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|terminating connection due to administrator command|the database system is (?:starting up|shutting down|in recovery mode)|\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH)\b/

/** True when `error` (or what it wraps) says the database could not be reached, not that the query was refused. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>()
  const queue: unknown[] = [error]
  while (queue.length > 0 && seen.size < 16) {
    const current = queue.shift() as
      | { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; name?: unknown }
      | undefined
    if (!current || typeof current !== 'object' || seen.has(current)) continue
    seen.add(current)
    const code = typeof current.code === 'string' ? current.code : ''
    if (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || UNAVAILABLE_ERRNOS.has(code)) return true
    if (typeof current.message === 'string' && UNAVAILABLE_MESSAGE.test(current.message)) return true
    queue.push(current.cause)
    // net.connect to several addresses fails with an AggregateError of them.
    if (Array.isArray(current.errors)) queue.push(...current.errors)
  }
  return false
}

type PoolClient = pg.PoolClient & { release: (error?: Error | boolean) => void }
type ConnectCallback = (
  error: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void

/**
 * pg's Pool with the repairs the restart needed: `error` listeners on the
 * pool and on checked-out clients (dropped connections are expected, not
 * fatal), and checked-out clients whose connection ended are handed back (and
 * so discarded) even when their holder never releases them.
 */
export class RestartTolerantPool extends pg.Pool {
  private static logger: Pick<Payload['logger'], 'warn'> | null = null

  static useLogger(logger: Pick<Payload['logger'], 'warn'>) {
    RestartTolerantPool.logger = logger
  }

  constructor(options?: pg.PoolConfig) {
    super(options)
    // pg-pool has already removed the client; the next query opens a fresh connection.
    this.on('error', (error) => RestartTolerantPool.warn(`an idle connection was closed (${error.message})`))
  }

  private static warn(text: string) {
    const message = `database: ${text}; it will be replaced`
    if (RestartTolerantPool.logger) RestartTolerantPool.logger.warn(message)
    else console.warn(message)
  }

  connect(): Promise<pg.PoolClient>
  connect(callback: ConnectCallback): void
  // The promise form is the one Payload, Drizzle and our code use; the callback form (pool.query) is left alone.
  connect(callback?: ConnectCallback): Promise<pg.PoolClient> | undefined {
    if (callback) {
      super.connect(callback)
      return undefined
    }
    return super.connect().then((client) => {
      const holder = client as PoolClient
      const release = holder.release.bind(holder)
      let released = false
      // pg-pool throws on a second release; after an automatic one, the holder's own must be harmless.
      holder.release = (error?: Error | boolean) => {
        if (released) return
        released = true
        client.removeListener('end', onEnd)
        client.removeListener('error', onError)
        release(error)
      }
      const onEnd = () => holder.release(new Error('connection ended while checked out'))
      // pg emits `error` on a client whose connection dies between queries; its holder (Drizzle) has no
      // listener, so without this one that too is an uncaughtException. The query in flight still fails.
      const onError = (error: Error) => RestartTolerantPool.warn(`a connection in use was lost (${error.message})`)
      client.once('end', onEnd)
      client.on('error', onError)
      return client
    })
  }
}

const pgWithTolerantPool = { ...pg, Pool: RestartTolerantPool } as unknown as typeof pg

type Session = { db: unknown; resolve: () => Promise<void>; reject: () => Promise<void> }
type TransactionHost = {
  drizzle: { transaction: (fn: (tx: unknown) => Promise<void>, options?: unknown) => Promise<void> }
  initializing: Promise<void>
  sessions: Record<string, Session>
  transactionOptions?: unknown
  payload: Payload
}

/**
 * Payload's beginTransaction, except that the session's `resolve()` rejects
 * when COMMIT fails (after the transaction has started, Payload's version
 * turns every failure into success).
 */
async function beginTransaction(this: TransactionHost, options?: unknown): Promise<string> {
  await this.initializing
  const id = crypto.randomUUID()
  let finish: (() => void) | undefined
  let abort: ((reason?: unknown) => void) | undefined
  let ready: ((tx: unknown) => void) | undefined
  let failedToStart: ((error: unknown) => void) | undefined
  const started = new Promise<unknown>((resolve, reject) => {
    ready = resolve
    failedToStart = reject
  })
  const done = this.drizzle.transaction(
    (tx) =>
      new Promise<void>((resolve, reject) => {
        finish = resolve
        abort = reject
        ready?.(tx)
      }),
    options ?? this.transactionOptions,
  )
  // Before the transaction started (no connection, BEGIN refused) this rejects `started`; later a no-op.
  done.catch((error) => failedToStart?.(error))
  let tx: unknown
  try {
    tx = await started
  } catch (error) {
    this.payload.logger.error({ err: error, msg: `cannot begin transaction: ${(error as Error)?.message}` })
    throw new Error(`cannot begin transaction: ${(error as Error)?.message}`, { cause: error })
  }
  this.sessions[id] = {
    db: tx,
    resolve: () => {
      finish?.()
      return done
    },
    reject: () => {
      abort?.(new Error('transaction rolled back'))
      // Rolling back on a dead connection fails too; the transaction is gone either way.
      return done.catch(() => {})
    },
  }
  return id
}

/** Payload's commitTransaction, except that a failed COMMIT reaches the operation, which then answers an error. */
async function commitTransaction(this: TransactionHost, incomingID: string | number | Promise<string | number> = '') {
  const id = String(await incomingID)
  const session = this.sessions[id]
  if (!session) return
  delete this.sessions[id]
  await session.resolve()
}

/** `postgresAdapter` with the repairs above; same arguments. */
export function restartTolerantPostgresAdapter(args: PostgresArgs): DatabaseAdapterObj {
  const base = postgresAdapter({
    ...args,
    pg: pgWithTolerantPool,
    pool: {
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: IDLE_TIMEOUT_MS,
      ...args.pool,
    },
  })
  return {
    ...base,
    init: (initArgs) => {
      const adapter = base.init(initArgs)
      RestartTolerantPool.useLogger(initArgs.payload.logger)
      if (args.transactionOptions !== false) {
        Object.assign(adapter, { beginTransaction, commitTransaction })
      }
      return adapter
    },
  }
}
