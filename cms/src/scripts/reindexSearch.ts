/**
 * Rebuilds the search index from the articles table: after restoring a backup,
 * importing rows with SQL, or changing how text is segmented.
 *   npm run payload -w cms -- run src/scripts/reindexSearch.ts
 * With `--missing`, only the rows that have no in-memory terms yet (a database
 * migrated from before docs/decisions/016); a CMS does the same at its start.
 */
import { getPayload } from 'payload'
import config from '../payload.config'
import { reindexAllArticles, reindexMissingTerms } from '../search/searchIndex'

const payload = await getPayload({ config })
try {
  const started = performance.now()
  const log = (line: string) => payload.logger.info(line)
  const { indexed, removed } = process.argv.includes('--missing')
    ? { indexed: await reindexMissingTerms(payload, { log }), removed: 0 }
    : await reindexAllArticles(payload, { log })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`REINDEX_RESULT ${JSON.stringify({ indexed, removed, seconds: Number(seconds) })}`)
} finally {
  await payload.destroy()
}
