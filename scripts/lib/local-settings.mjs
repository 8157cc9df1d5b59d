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

/** The embedded database when DATABASE_URL is unset; `stop` is a no-op for an external one. */
export async function ensureDatabase(log = console.log) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} }
  const { startEmbeddedPostgres } = await import('./embedded-postgres.mjs')
  const port = Number(process.env.EMBEDDED_PG_PORT || 54329)
  const pg = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, 'postgres'), port, database: 'app', log })
  return { url: pg.url, embedded: true, stop: pg.stop }
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
