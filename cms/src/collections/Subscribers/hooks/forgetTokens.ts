import { sql } from '@payloadcms/db-postgres'
import type { CollectionBeforeDeleteHook } from 'payload'
import { dbFor } from '../../../lib/sql'

/** A deleted subscriber's links must die with them (and the tokens' foreign key requires it). */
export const forgetTokens: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const db = await dbFor(req.payload, req)
  await db.execute(sql`DELETE FROM subscription_tokens WHERE subscriber_id = ${Number(id)}`)
}
