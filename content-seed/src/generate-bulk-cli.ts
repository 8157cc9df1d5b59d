/**
 * `BULK_ARTICLES=100000 npm run payload -w cms -- run ../content-seed/src/generate-bulk-cli.ts` (from the root,
 * with DATABASE_URL of a database that has been bootstrapped): adds that many
 * generated published articles (see generate-bulk.ts). For measurements only —
 * never on a production database.
 */
import { getPayload } from 'payload'
import config from '../../cms/src/payload.config'
import { generateBulkArticles } from './generate-bulk'

const count = Number(process.env.BULK_ARTICLES ?? 100_000)
if (!Number.isSafeInteger(count) || count < 1) {
  console.error(`BULK_ARTICLES must be a positive integer, got "${process.env.BULK_ARTICLES}"`)
  process.exit(2)
}
const payload = await getPayload({ config })
let code = 0
try {
  const result = await generateBulkArticles(payload, { count, seed: Number(process.env.BULK_SEED ?? 2016) })
  console.log(`generated ${result.inserted} articles in ${result.seconds.toFixed(1)} s`)
} catch (error) {
  code = 1
  console.error(error)
} finally {
  await payload.destroy()
}
process.exit(code)
