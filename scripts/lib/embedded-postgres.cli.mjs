#!/usr/bin/env node
// @ts-check
/**
 * Debugging aid for the embedded PostgreSQL used by the launcher.
 *
 *   node scripts/lib/embedded-postgres.cli.mjs start   # runs until SIGINT/SIGTERM
 *   node scripts/lib/embedded-postgres.cli.mjs stop    # stops a server left running on the data dir
 *   node scripts/lib/embedded-postgres.cli.mjs url     # prints the connection string
 *
 * Environment: EMBEDDED_PG_PORT (default 54329), EMBEDDED_PG_DATA_DIR
 * (default .data/postgres), EMBEDDED_PG_DATABASE (default app).
 */
import {
  connectionUrl,
  DEFAULT_DATA_DIR,
  DEFAULT_PORT,
  PORT_ENV_VAR,
  startEmbeddedPostgres,
  stopEmbeddedPostgres,
} from './embedded-postgres.mjs'

const rawPort = process.env[PORT_ENV_VAR]
const port = rawPort ? Number(rawPort) : DEFAULT_PORT
const dataDir = process.env.EMBEDDED_PG_DATA_DIR || DEFAULT_DATA_DIR
const database = process.env.EMBEDDED_PG_DATABASE || 'app'
// Logs go to stderr so that `start` and `url` keep stdout for the URL alone.
const log = (/** @type {string} */ line) => process.stderr.write(`[postgres] ${line}\n`)

const command = process.argv[2]

try {
  if (command === 'url') {
    process.stdout.write(`${connectionUrl({ port, database })}\n`)
  } else if (command === 'stop') {
    const stopped = await stopEmbeddedPostgres({ dataDir, log })
    log(stopped ? 'stopped' : `no running server for ${dataDir}`)
  } else if (command === 'start') {
    // Handlers go in before anything starts: a signal that arrives during
    // start-up, or in the instant after the URL is printed, would otherwise
    // kill Node with its default action and orphan PostgreSQL.
    const t0 = performance.now()
    const starting = startEmbeddedPostgres({ dataDir, port, database, log })
    let shuttingDown = false
    /** @param {NodeJS.Signals} signal */
    const shutdown = async (signal) => {
      // A second Ctrl-C must not cut the shutdown short.
      if (shuttingDown) return
      shuttingDown = true
      log(`${signal} received, stopping`)
      const t1 = performance.now()
      try {
        const db = await starting.catch(() => null)
        await db?.stop()
        log(`stopped in ${Math.round(performance.now() - t1)} ms`)
      } finally {
        process.exit(0)
      }
    }
    process.on('SIGINT', shutdown)
    process.on('SIGTERM', shutdown)
    const db = await starting
    log(`ready in ${Math.round(performance.now() - t0)} ms (PID ${process.pid}); Ctrl-C to stop`)
    // An adopted server is not our child, so nothing else would keep the
    // event loop (and therefore this process) alive.
    setInterval(() => {}, 1 << 30)
    process.stdout.write(`${db.url}\n`)
  } else {
    process.stderr.write('Usage: node scripts/lib/embedded-postgres.cli.mjs start|stop|url\n')
    process.exitCode = 2
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
}
