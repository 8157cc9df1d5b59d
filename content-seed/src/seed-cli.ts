/**
 * `payload run ../content-seed/src/seed-cli.ts` (from cms/): seeds the sample
 * content into an empty database, or says why it did not.
 */
import { getPayload } from 'payload'
import config from '../../cms/src/payload.config'
import { seedSampleContent } from './seed'

const started = Date.now()
const payload = await getPayload({ config })
let code = 0
try {
  const result = await seedSampleContent(payload)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  console.log(
    result.seeded
      ? `示例内容已写入：文章 ${result.articles} 篇，专题 ${result.topics} 个（用时 ${seconds} 秒）。`
      : `数据库中已有内容（文章 ${result.articles} 篇，专题 ${result.topics} 个），未写入示例内容。`,
  )
} catch (error) {
  code = 1
  console.error('写入示例内容失败，数据库未作任何改动（Seeding failed, nothing was written）：')
  console.error(error)
} finally {
  await payload.destroy()
}
process.exit(code)
