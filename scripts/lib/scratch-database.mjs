// A fresh, uniquely named database on a PostgreSQL server, for the benches:
// created empty (UTF-8, template0) and dropped, connections and all, after.
import pg from 'pg'

async function run(serverUrl, statement) {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/** Creates `<prefix>_<timestamp>` on `serverUrl`; returns its URL and a function that drops it. */
export async function createScratchDatabase(serverUrl, prefix) {
  const name = `${prefix}_${Date.now()}`
  await run(serverUrl, `CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => run(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) }
}
