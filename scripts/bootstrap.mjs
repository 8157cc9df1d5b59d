// `npm run bootstrap`: what `npm start` does before it serves, on its own:
// applies pending migrations, creates the first admin on an empty database and
// seeds the sample content unless SEED_SAMPLE_CONTENT=false. For deployments
// that start the servers themselves (deploy/systemd runs it before each CMS
// instance): instances bootstrapping at once are serialised by a PostgreSQL
// advisory lock, so the migrations run once.
import { runBootstrap } from './lib/bootstrap.mjs'
import { ensureDatabase, ensurePayloadSecret } from './lib/local-settings.mjs'

const database = await ensureDatabase(() => {})
let code = 0
try {
  const result = await runBootstrap({ DATABASE_URL: database.url, PAYLOAD_SECRET: ensurePayloadSecret() })
  const generated = result.admin?.password ? ' (generated password in DATA_DIR/admin-credentials.json)' : ''
  const admin = result.admin?.created ? `, first admin ${result.admin.email} created${generated}` : ''
  const seed = result.seed.seeded ? `, sample content seeded (${result.seed.articles} articles)` : ''
  console.log(`bootstrap: database migrated${admin}${seed}`)
} catch (error) {
  console.error(`bootstrap failed: ${error instanceof Error ? error.message : error}`)
  code = 1
} finally {
  await database.stop()
}
process.exit(code)
