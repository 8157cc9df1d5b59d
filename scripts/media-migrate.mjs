// `npm run media:migrate -- --to s3` (or `--to local`): copies the uploads
// between MEDIA_DIR and the S3 bucket named by S3_BUCKET… (docs/decisions/013).
// It stops nothing and deletes nothing: the CMS keeps serving from where it
// reads now, and files already at the destination with the same bytes are
// skipped, so it can run again, and should, once every CMS instance has switched.
import { parseArgs } from 'node:util'
import { copyStore, localMediaDir, localStore, s3Settings, s3Store } from './lib/media-store.mjs'

let to
try {
  to = parseArgs({ options: { to: { type: 'string' } } }).values.to
} catch {}
if (to !== 's3' && to !== 'local') {
  console.error('用法：npm run media:migrate -- --to s3   （或 --to local）')
  process.exit(2)
}
const settings = s3Settings()
if (!settings) {
  console.error(
    '✗ 没有设置 S3_BUCKET（以及 S3_ENDPOINT、S3_REGION、S3_ACCESS_KEY_ID、S3_SECRET_ACCESS_KEY 等），不知道要迁往或迁出哪个存储桶。',
  )
  process.exit(2)
}
const local = localStore(localMediaDir())
const bucket = s3Store(settings)
const [from, target] = to === 's3' ? [local, bucket] : [bucket, local]

const started = Date.now()
console.log(`复制上传文件：${from.name} → ${target.name}`)
try {
  const result = await copyStore(from, target, { log: console.log })
  const mb = (result.bytes / 1024 / 1024).toFixed(1)
  console.log(
    `✓ 已复制 ${result.copied} 个文件（${mb} MB），${result.unchanged} 个已在目标处且内容相同；用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。`,
  )
  console.log(
    to === 's3'
      ? '  下一步：为每个 CMS 实例设置 S3_BUCKET 等并逐个重启，然后再运行一次本命令，补上切换期间上传的文件。原文件仍保留在 MEDIA_DIR。'
      : '  下一步：去掉各 CMS 实例的 S3_BUCKET 设置并逐个重启，然后再运行一次本命令（仍带 S3 设置），补上切换期间上传的文件。存储桶中的对象仍然保留。',
  )
} catch (error) {
  console.error(`✗ 迁移未完成：${error instanceof Error ? error.message : error}`)
  process.exitCode = 1
}
