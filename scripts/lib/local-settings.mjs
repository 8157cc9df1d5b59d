// Local defaults for a fresh clone: where state lives and the secret that is
// generated once and kept. Shared by `npm start`, `npm run import` and the tests.
import { createHmac, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const DATA_DIR = process.env.DATA_DIR ? path.resolve(process.env.DATA_DIR) : path.join(REPO_ROOT, '.data')

/** PAYLOAD_SECRET from the environment, else generated once under .data/ (mode 600). */
export function ensurePayloadSecret() {
  if (process.env.PAYLOAD_SECRET) return process.env.PAYLOAD_SECRET
  const file = path.join(DATA_DIR, 'payload-secret')
  if (!existsSync(file)) {
    mkdirSync(DATA_DIR, { recursive: true })
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 })
  }
  return readFileSync(file, 'utf8').trim()
}

/**
 * The database when DATABASE_URL is unset: the embedded PostgreSQL under .data/, started if it is not
 * running. Every process that uses it registers (database-users.mjs), so that nobody stops it under
 * another: a command (import, backup, restore) uses the server a running `npm start` serves and stops
 * only a server it started itself and nobody else uses by then; `npm start` (`owner`) also takes over
 * a server a killed launcher left behind, and stops it when it stops unless a command is still using it,
 * in which case the last one out stops it. `exclusive` (restore) refuses while anyone else uses it.
 * For an external DATABASE_URL, `stop` is a no-op. `stop` resolves to a sentence when it left the server
 * running for others.
 *
 * @param {(line: string) => void} [log]
 * @param {{ command?: string, owner?: boolean, exclusive?: boolean }} [options]
 */
export async function ensureDatabase(
  log = console.log,
  { command = 'npm run', owner = false, exclusive = false } = {},
) {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, adopted: false, stop: async () => undefined }
  }
  const users = await import('./database-users.mjs')
  const release = users.registerDatabaseUser(DATA_DIR, { command, exclusive })
  const others = users.otherDatabaseUsers(DATA_DIR)
  const blocking = exclusive ? others : others.filter((user) => user.exclusive)
  if (blocking.length) {
    release()
    throw new Error(
      exclusive
        ? `数据库正在使用中：${users.describeUsers(blocking)}。恢复需要独占数据库，请先停止它们（npm start 按 Ctrl-C）再恢复。` +
            `（the embedded database is in use; restore needs it to itself）`
        : `正在恢复备份：${users.describeUsers(blocking)}。请等恢复结束后再试。（a restore is running）`,
    )
  }
  let pg
  try {
    const { startEmbeddedPostgres } = await import('./embedded-postgres.mjs')
    const port = Number(process.env.EMBEDDED_PG_PORT || 54329)
    pg = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, 'postgres'), port, database: 'app', log })
  } catch (error) {
    release()
    throw error
  }
  // A server this call started is a fresh one: a stop request left for an earlier server does not apply.
  if (!pg.adopted) users.takeStopRequest(DATA_DIR)
  const mayStop = owner || !pg.adopted
  let stopped = false
  return {
    url: pg.url,
    embedded: true,
    adopted: pg.adopted,
    /** @returns {Promise<string | undefined>} */
    async stop() {
      if (stopped) return
      stopped = true
      release()
      const stillUsed = users.otherDatabaseUsers(DATA_DIR)
      if (stillUsed.length) {
        pg.detach()
        if (!mayStop) return
        users.requestStopWhenIdle(DATA_DIR)
        return `内置 PostgreSQL 仍在被使用（${users.describeUsers(stillUsed)}），它们结束后即停止。`
      }
      if (mayStop || users.takeStopRequest(DATA_DIR)) await pg.stop()
      else pg.detach()
    },
  }
}

/**
 * The secret the site shows the CMS when it forwards a reader's address
 * (subscription rate limits): INTERNAL_API_SECRET if set, else derived from
 * PAYLOAD_SECRET exactly as cms/src/lib/internalApi.ts derives it, so one
 * secret configures both. See docs/decisions/005.
 */
export function internalApiSecret(payloadSecret) {
  return (
    process.env.INTERNAL_API_SECRET || createHmac('sha256', payloadSecret).update('newsroom internal api').digest('hex')
  )
}
