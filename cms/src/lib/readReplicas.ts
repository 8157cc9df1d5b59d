/**
 * Read replicas for the public site's reads (docs/decisions/015).
 *
 * `DATABASE_REPLICA_URLS` becomes @payloadcms/db-postgres's `readReplicas`,
 * which opens a pool per replica and sends every `select` outside a
 * transaction to a random replica. That default is wrong for us twice over:
 * staff who save and then look (the admin, review, REST with a login) would
 * read their own write from a replica that may not have it yet, and a site
 * instance purged by a content event would re-render from a replica that has
 * not replayed the change, and store the stale page. So the choice is made per
 * request, here, and everything else reads the primary:
 *
 * - only anonymous GET/HEAD requests to the API (what the site and feed
 *   readers send) may read a replica; a request with a JWT or the admin's
 *   cookie, any write, preview, the event stream, jobs and scripts read the
 *   primary;
 * - the site sends the WAL position of the newest change it has heard of
 *   (`x-newsroom-min-lsn`, vouched for by the internal secret; the CMS puts
 *   it in every content event). A replica is used only once it has replayed
 *   that far; a request waits for that at most REPLICA_WAIT_MS, then reads
 *   the primary;
 * - each replica is probed every second (`pg_last_wal_replay_lsn()`); one
 *   that does not answer is left out until it does, and a request that failed
 *   on a replica (503: the replica went away, or cancelled the query in a
 *   replication conflict) is answered again from the primary.
 *
 * The hand-written read endpoints use the pool directly; they take it from
 * `readPool()` / `readDrizzle()`, which follow the same per-request choice.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { PostgresAdapter } from '@payloadcms/db-postgres'
import { withReplicas } from '@payloadcms/db-postgres/drizzle/pg-core'
import type { DatabaseAdapterObj, Payload } from 'payload'
import type pg from 'pg'
import { INTERNAL_SECRET_HEADER, sameInternalSecret } from './internalApi'
import type { SQL } from './sql'

/** How long a request waits for a replica to replay the change it must show, before it reads the primary. */
const REPLICA_WAIT_MS = 250
/** How often each replica is asked how far it has replayed (and whether it answers at all). */
const PROBE_INTERVAL_MS = 1000
/** A probe that takes longer counts as a replica down. */
const PROBE_TIMEOUT_MS = 1000
/** While a request waits for a replica, it asks again this often. */
const WAIT_POLL_MS = 10

const MIN_LSN_HEADER = 'x-newsroom-min-lsn'

/** PostgreSQL writes WAL positions as two hex halves, `16/B374D848`. */
const LSN = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i

function parseLsn(text: string | null | undefined): bigint | null {
  const match = LSN.exec(text?.trim() ?? '')
  if (!match) return null
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`)
}

type Drizzle = PostgresAdapter['drizzle']

type Replica = {
  index: number
  drizzle: Drizzle
  pool: pg.Pool
  /** How far it had replayed at the last answer; null when it has not answered (yet, or any more). */
  replayed: bigint | null
  up: boolean
  /** Whether it ever answered: its first answer is no news, a return after an outage is. */
  answered: boolean
  asking: Promise<void> | null
}

class ReplicaRouter {
  private next = 0
  private timer: ReturnType<typeof setInterval> | null = null

  constructor(
    readonly replicas: Replica[],
    private readonly warn: (message: string) => void,
  ) {}

  /** Starts the background probes on first use (not at import: `next build` loads this too). */
  private ensureProbing() {
    if (this.timer) return
    this.timer = setInterval(() => {
      for (const replica of this.replicas) void this.ask(replica)
    }, PROBE_INTERVAL_MS)
    this.timer.unref()
  }

  /** One question in flight per replica; concurrent waiters share it. */
  ask(replica: Replica): Promise<void> {
    replica.asking ??= this.probe(replica).finally(() => {
      replica.asking = null
    })
    return replica.asking
  }

  private async probe(replica: Replica) {
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const result = await Promise.race([
        replica.pool.query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn'),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS)
        }),
      ])
      // NULL: the server is not (or no longer) a standby; what it holds is not what the primary commits.
      const replayed = parseLsn(result.rows[0]?.lsn)
      if (replayed === null) throw new Error('it is not replaying WAL (not a standby)')
      if (!replica.up && replica.answered) this.warn(`read replica ${replica.index + 1} answers again; reads use it`)
      replica.replayed = replayed
      replica.up = true
      replica.answered = true
    } catch (error) {
      this.markDown(replica, (error as Error).message)
    } finally {
      clearTimeout(timer)
    }
  }

  markDown(replica: Replica, reason: string) {
    if (replica.up) this.warn(`read replica ${replica.index + 1} is unavailable (${reason}); reads use the primary`)
    replica.up = false
    replica.replayed = null
  }

  /** A replica that has replayed at least `minLsn` (waiting up to REPLICA_WAIT_MS), else null: the primary. */
  async choose(minLsn: bigint | null): Promise<Replica | null> {
    this.ensureProbing()
    const candidates = this.replicas.filter((r) => r.up)
    if (candidates.length === 0) {
      // Not known to be up: ask in the background; this request reads the primary.
      for (const replica of this.replicas) void this.ask(replica)
      return null
    }
    const replica = candidates[this.next++ % candidates.length] as Replica
    if (minLsn === null) return replica
    const deadline = Date.now() + REPLICA_WAIT_MS
    while (replica.up && (replica.replayed ?? -1n) < minLsn) {
      if (Date.now() >= deadline) return null
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS))
      await this.ask(replica)
    }
    return replica.up ? replica : null
  }
}

// Next.js may evaluate this module more than once (the API route's bundle, the config's): the router and the
// per-request choice must be one per process all the same, or the route would choose where the adapter never looks.
const ROUTER_KEY = Symbol.for('newsroom.replicaRouter')
const TARGET_KEY = Symbol.for('newsroom.readTarget')
const holder = globalThis as typeof globalThis & {
  [ROUTER_KEY]?: ReplicaRouter
  [TARGET_KEY]?: AsyncLocalStorage<Replica | null>
}
/** Where the current request reads: a replica, or the primary (undefined outside a routed request). */
holder[TARGET_KEY] ??= new AsyncLocalStorage<Replica | null>()
const readTarget: AsyncLocalStorage<Replica | null> = holder[TARGET_KEY]

/**
 * The adapter with the per-request choice described above. Without replicas
 * configured it is the adapter unchanged.
 */
export function withRoutedReadReplicas(base: DatabaseAdapterObj): DatabaseAdapterObj {
  return {
    ...base,
    init: (initArgs) => {
      const adapter = base.init(initArgs) as unknown as PostgresAdapter & { primaryDrizzle?: Drizzle }
      const connect = adapter.connect
      if (!connect) return adapter as never
      adapter.connect = async function routedConnect(this: typeof adapter, ...args) {
        await connect.apply(this, args)
        if (!this.primaryDrizzle) return
        const primary = this.primaryDrizzle
        const replicaDrizzles = (this.drizzle as unknown as { $replicas: Drizzle[] }).$replicas
        const replicas: Replica[] = replicaDrizzles.map((drizzle, index) => ({
          index,
          drizzle,
          pool: (drizzle as unknown as { $client: pg.Pool }).$client,
          replayed: null,
          up: false,
          answered: false,
          asking: null,
        }))
        const router = new ReplicaRouter(replicas, (message) => this.payload.logger.warn(`database: ${message}`))
        holder[ROUTER_KEY] = router
        // Payload's `select`s (REST, GraphQL, the Local API outside a transaction) follow the request's choice.
        this.drizzle = withReplicas(primary, replicaDrizzles as never, () => readTarget.getStore()?.drizzle ?? primary)
        for (const replica of replicas) void router.ask(replica)
      } as typeof connect
      return adapter as never
    },
  }
}

/** The pool the current request reads from: its replica, else the primary's. For hand-written read endpoints. */
export function readPool(payload: Payload): pg.Pool {
  return readTarget.getStore()?.pool ?? (payload.db as unknown as PostgresAdapter).pool
}

/** Drizzle on the current request's read target (its `execute` included, which Payload's routing sends to the primary). */
function readDrizzle(payload: Payload): Drizzle {
  const replica = readTarget.getStore()
  if (replica) return replica.drizzle
  const db = payload.db as unknown as PostgresAdapter & { primaryDrizzle?: Drizzle }
  return db.primaryDrizzle ?? db.drizzle
}

/** Runs a read-only statement where the current request reads (a replica that has caught up, else the primary). */
export async function readRows<T>(payload: Payload, query: SQL): Promise<T[]> {
  const result = await readDrizzle(payload).execute(query)
  return result.rows as T[]
}

/** Whether this process sends reads to replicas (content events then carry WAL positions). */
export function replicaReadsActive(): boolean {
  return holder[ROUTER_KEY] !== undefined
}

/** Replicas as this process last saw them, for /api/health. */
export function replicaStatus(): Array<{ state: 'ok' | 'unavailable' }> {
  return (holder[ROUTER_KEY]?.replicas ?? []).map((r) => ({ state: r.up ? 'ok' : 'unavailable' }))
}

type RouteHandler = (request: Request, context: never) => Promise<Response> | Response

/** Requests whose reads never go to a replica, whatever their method: they show what was just written. */
const PRIMARY_ONLY = /^\/api\/(?:articles\/preview|content-events|health|subscriptions|users|payload-|access)/

function mayReadReplica(request: Request): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  if (request.headers.has('authorization') || /\bpayload-token=/.test(request.headers.get('cookie') ?? '')) return false
  return !PRIMARY_ONLY.test(new URL(request.url).pathname)
}

/**
 * Wraps a Next route handler (Payload's REST GET) so that the request's reads
 * go where the router says, and a request that failed because its replica is
 * away is answered again from the primary.
 */
export function routeReads<H extends RouteHandler>(handler: H): H {
  return (async (request: Request, context: never) => {
    const router = holder[ROUTER_KEY]
    if (!router || !mayReadReplica(request)) return handler(request, context)
    // Only our site may make a request wait for a replica: anyone could send a position far ahead.
    const vouched = sameInternalSecret(request.headers.get(INTERNAL_SECRET_HEADER))
    const minLsn = vouched ? parseLsn(request.headers.get(MIN_LSN_HEADER)) : null
    const replica = await router.choose(minLsn)
    if (!replica) return handler(request, context)
    const response = await readTarget.run(replica, () => handler(request, context))
    if (response.status !== 503) return response
    // The replica went away, or cancelled the query in a replication conflict: answer again from the primary
    // (a GET has no body to replay), and find out whether to keep the replica out.
    await router.ask(replica)
    return readTarget.run(null, () => handler(request, context))
  }) as H
}
