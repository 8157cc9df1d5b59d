/**
 * Run by the launcher before the servers start (`payload run src/scripts/bootstrap.ts`):
 * applies committed migrations, creates the first admin on an empty database and
 * seeds the sample content. Safe to run from several instances at once: a
 * PostgreSQL advisory lock serialises them.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { getPayload, type Migration, type Payload } from 'payload'
import { DATA_DIR } from '../lib/paths'
import { migrations } from '../migrations'
import config from '../payload.config'

const BOOTSTRAP_LOCK_KEY = 727_100_001

type AdminReport = { email: string; password?: string; created: boolean; source: 'env' | 'generated' | 'existing' }

async function ensureFirstAdmin(payload: Payload): Promise<AdminReport> {
  const { totalDocs } = await payload.count({ collection: 'users', overrideAccess: true })
  const email = process.env.ADMIN_EMAIL || 'admin@example.com'
  if (totalDocs > 0) return { email, created: false, source: 'existing' }

  const fromEnv = Boolean(process.env.ADMIN_PASSWORD)
  const password = process.env.ADMIN_PASSWORD || randomBytes(12).toString('base64url')
  await payload.create({
    collection: 'users',
    data: { email, password, name: '管理员', role: 'admin' },
    overrideAccess: true,
  })
  if (!fromEnv) {
    // Generated once and kept (mode 600) so the local demo can show it again; never used with ADMIN_PASSWORD.
    mkdirSync(DATA_DIR, { recursive: true })
    writeFileSync(path.join(DATA_DIR, 'admin-credentials.json'), JSON.stringify({ email, password }), { mode: 0o600 })
  }
  return { email, password: fromEnv ? undefined : password, created: true, source: fromEnv ? 'env' : 'generated' }
}

async function finishBootstrap(payload: Payload) {
  const admin = await ensureFirstAdmin(payload)
  const seed =
    process.env.SEED_SAMPLE_CONTENT === 'false'
      ? { seeded: false, skipped: true }
      : await (await import('../../../content-seed/src/seed')).seedSampleContent(payload)
  // One machine-readable line for the launcher's banner.
  console.log(`BOOTSTRAP_RESULT ${JSON.stringify({ admin, seed })}`)
}

const payload = await getPayload({ config })
const lockClient = await payload.db.pool.connect()
try {
  await lockClient.query('SELECT pg_advisory_lock($1)', [BOOTSTRAP_LOCK_KEY])
  // Generated migrations take typed arguments where Payload's Migration says `unknown`.
  await payload.db.migrate({ migrations: migrations as unknown as Migration[] })
  if (process.env.BOOTSTRAP_MIGRATE_ONLY === 'true') {
    // `npm run restore`: the schema only; users and content come from the backup.
    console.log(`BOOTSTRAP_RESULT ${JSON.stringify({ admin: null, seed: { seeded: false, skipped: true } })}`)
  } else {
    await finishBootstrap(payload)
  }
} finally {
  await lockClient.query('SELECT pg_advisory_unlock($1)', [BOOTSTRAP_LOCK_KEY]).catch(() => {})
  lockClient.release()
  await payload.destroy()
}
