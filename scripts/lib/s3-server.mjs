// @ts-check
// A real S3 API server on loopback for the tests and the bench: s3rver (npm),
// which speaks the S3 REST protocol (SigV4, path-style buckets) and keeps
// objects in a folder. Not a mock of our code: the CMS, the backup and the
// migration talk to it through the AWS SDK exactly as they would to MinIO or OSS.
import { mkdirSync } from 'node:fs'
import S3rver from 's3rver'
import { freePort } from './ports.mjs'

/** s3rver's fixed credentials. */
const S3RVER_CREDENTIALS = { S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' }

/**
 * @param {{ dir: string, buckets: string[], port?: number }} options
 */
export async function startS3Server({ dir, buckets, port }) {
  mkdirSync(dir, { recursive: true })
  const listenPort = port ?? (await freePort())
  const start = async () => {
    const server = new S3rver({
      address: '127.0.0.1',
      port: listenPort,
      silent: true,
      directory: dir,
      configureBuckets: buckets.map((name) => ({ name, configs: [] })),
    })
    await server.run()
    return server
  }
  let server = await start()
  const endpoint = `http://127.0.0.1:${listenPort}`
  return {
    endpoint,
    /** The CMS's (and the scripts') settings for one bucket here, objects read directly at `<endpoint>/<bucket>`. */
    settings: (/** @type {string} */ bucket, { direct = true } = {}) => ({
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
      ...S3RVER_CREDENTIALS,
      ...(direct ? { S3_PUBLIC_URL: `${endpoint}/${bucket}` } : {}),
    }),
    /** Stops answering (connections refused), keeping the objects. */
    stop: async () => {
      await server.close()
    },
    /** Back on the same port with the same objects. */
    restart: async () => {
      server = await start()
    },
  }
}
