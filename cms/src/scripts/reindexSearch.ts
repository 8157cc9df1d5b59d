/**
 * Rebuilds the search index from the articles table: after restoring a backup,
 * importing rows with SQL, or changing how text is segmented.
 *   npm run payload -w cms -- run src/scripts/reindexSearch.ts
 */
import { getPayload } from 'payload'
import config from '../payload.config'
import { reindexAllArticles } from '../search/searchIndex'

const payload = await getPayload({ config })
try {
  const started = performance.now()
  const { indexed, removed } = await reindexAllArticles(payload, { log: (line) => payload.logger.info(line) })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`REINDEX_RESULT ${JSON.stringify({ indexed, removed, seconds: Number(seconds) })}`)
} finally {
  await payload.destroy()
}
