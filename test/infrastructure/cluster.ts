/**
 * The multi-instance test's cluster (scripts/lib/cluster-stack.mjs: PostgreSQL
 * primary + streaming replica, two CMS and two site instances from
 * deploy/systemd, nginx from deploy/nginx with TLS) with a real SMTP server on
 * loopback, and the clients the test talks to it with. The build is the shared
 * test stack's; none of its servers are used.
 */
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import { type ClusterStack, startClusterStack } from '../../scripts/lib/cluster-stack.mjs'
import { startTestSmtp, type TestSmtp } from '../support/smtp'

export {
  CLUSTER_ADMIN as ADMIN,
  sendingInstance,
  signalTree,
  UNITS,
  waitForConnected,
} from '../../scripts/lib/cluster-stack.mjs'

export type Cluster = ClusterStack & { smtp: TestSmtp }

/** The deployment of deploy/ (scripts/lib/cluster-stack.mjs), mailing to a loopback SMTP server that counts per recipient. */
export async function startCluster(dir: string, log: (line: string) => void = () => {}): Promise<Cluster> {
  const smtp = await startTestSmtp()
  try {
    const stack = await startClusterStack({
      dir,
      log,
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_RETRY_BASE_SECONDS: '1',
        // A dead instance's mails come back after this long (default 300 s).
        MAIL_SEND_LEASE_SECONDS: '6',
      },
    })
    return {
      ...stack,
      smtp,
      stop: async () => {
        await stack.stop()
        await smtp.stop()
      },
    }
  } catch (error) {
    await smtp.stop()
    throw error
  }
}

export type Reply = { status: number; headers: Record<string, string>; body: Buffer; text: string; json: () => any }

/**
 * HTTP(S) as a reader's client makes it: the test certificate trusted, no redirects followed, bodies as
 * sent (not decompressed), from `localAddress` (any 127.x address: readers with addresses of their own).
 * node:http rather than undici, whose connector does not take a local address.
 */
export function call(
  url: string,
  {
    method = 'GET',
    headers = {},
    body,
    ca,
    localAddress = '127.0.0.1',
  }: { method?: string; headers?: Record<string, string>; body?: string; ca?: string; localAddress?: string } = {},
): Promise<Reply> {
  const target = new URL(url)
  const client = target.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = client.request(target, { method, headers, ca, localAddress, agent: false, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const buffer = Buffer.concat(chunks)
        const flat: Record<string, string> = {}
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
        }
        const text = buffer.toString('utf8')
        resolve({ status: res.statusCode ?? 0, headers: flat, body: buffer, text, json: () => JSON.parse(text) })
      })
    })
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within 20 s`)))
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * Payload's Local API in the test process, on the cluster's primary: for what staff do through the admin's
 * server functions (queueing a scheduled publish) and what the schedules queue (the weekly digest).
 */
export async function clusterPayload(cluster: Cluster): Promise<import('payload').Payload> {
  Object.assign(process.env, {
    DATABASE_URL: cluster.db.primaryUrl,
    PAYLOAD_SECRET: cluster.payloadSecret,
    DATA_DIR: path.join(cluster.dir, 'data'),
    MEDIA_DIR: path.join(cluster.dir, 'data', 'uploads'),
    SITE_URL: cluster.siteUrl,
    CMS_URL: cluster.cmsUrl,
    PAYLOAD_JOBS_AUTORUN: 'false',
  })
  const [{ getPayload }, { default: config }] = await Promise.all([
    import('payload'),
    import('../../cms/src/payload.config'),
  ])
  return getPayload({ config })
}
