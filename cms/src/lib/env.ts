import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { aligned, dkimKeyProblem, normalizePem, readKeyFile } from '../email/dkim'
import { DEFAULT_MAIL_FROM, FEDERATION_NAME } from '../federation'
import { DATA_DIR } from './paths'

const url = z
  .string()
  .url()
  .transform((s) => s.replace(/\/+$/, ''))

const DNS_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
const hostname = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})+$`)
const selector = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`)

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
    PAYLOAD_SECRET: z.string().min(1),
    /**
     * Streaming replicas of DATABASE_URL, comma-separated: the site's anonymous reads go there once the
     * replica has replayed what they must show (lib/readReplicas.ts, docs/decisions/015).
     */
    DATABASE_REPLICA_URLS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(z.string().regex(/^postgres(ql)?:\/\//, 'each of DATABASE_REPLICA_URLS must be a postgres:// URL')),
      ),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().email().default(DEFAULT_MAIL_FROM),
    MAIL_FROM_NAME: z.string().default(FEDERATION_NAME),
    SITE_URL: url.default('http://localhost:3000'),
    CMS_URL: url.default('http://localhost:3001'),
    PAYLOAD_JOBS_AUTORUN: z.enum(['true', 'false']).default('true'),
    /**
     * Shared with the site: proves a request to the subscription endpoints comes
     * from our own site, so the client address it forwards can be trusted for
     * rate limiting. Defaults to a value derived from PAYLOAD_SECRET (the launcher
     * hands the same derivation to the site); see docs/decisions/005.
     */
    INTERNAL_API_SECRET: z.string().min(32).optional(),
    /**
     * Shared with the site: signs the expiring draft-preview links the admin's
     * 预览 button opens (cms/src/collections/Articles/endpoints/previewArticle.ts). Defaults to a value
     * derived from PAYLOAD_SECRET; the site needs the same value to refuse forged
     * links early, and works without it (this CMS always verifies).
     */
    PREVIEW_SECRET: z.string().min(32).optional(),
    /** First retry delay for a mail the SMTP server refused temporarily; doubles per attempt, capped at 30 min. */
    MAIL_RETRY_BASE_SECONDS: z.coerce.number().positive().default(30),
    /** How long a send worker owns the mails it claimed; must exceed the SMTP timeouts (≈ 90 s). */
    MAIL_SEND_LEASE_SECONDS: z.coerce.number().positive().default(300),
    /**
     * Reverse proxies in front of the CMS that append to X-Forwarded-For (login and
     * direct API rate limits key on the caller's address). 0: callers connect
     * directly; Next.js then supplies the peer address, unless the caller sent its
     * own header, which it can therefore choose (see lib/internalApi.ts).
     */
    CMS_TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
    /** Searches per reader address per minute (`/api/search`, the site's /search); 0 turns the limit off (load tests). */
    SEARCH_RATE_LIMIT: z.coerce.number().int().min(0).default(60),
    /**
     * Object storage (uploads/objectStorage.ts, docs/decisions/013): with a bucket, uploads and every
     * resized copy are stored there through @payloadcms/storage-s3; without one, in MEDIA_DIR.
     */
    S3_BUCKET: z.string().min(3).max(63).optional(),
    /** The S3 API's origin (MinIO, Aliyun OSS, Tencent COS…); unset means AWS for S3_REGION. */
    S3_ENDPOINT: url.optional(),
    S3_REGION: z.string().default('us-east-1'),
    /** Unset, the AWS SDK's own chain applies (instance role, ~/.aws). */
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    /** `true` for servers that want the bucket in the path (MinIO, most self-hosted ones). */
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
    /** Where readers fetch stored objects directly (a CDN in front of the bucket): `<S3_PUBLIC_URL>/<key>`. */
    S3_PUBLIC_URL: url.optional(),
    /**
     * DKIM (email/dkim.ts, docs/decisions/019): all three set, every mail is signed as d=DKIM_DOMAIN,
     * s=DKIM_SELECTOR; `npm run mail:dns` prints the TXT records to publish.
     */
    DKIM_DOMAIN: z
      .string()
      .regex(hostname, 'DKIM_DOMAIN must be a domain name such as ptkjqy.org.cn')
      .transform((s) => s.toLowerCase())
      .optional(),
    DKIM_SELECTOR: z.string().regex(selector, 'DKIM_SELECTOR must be a DNS label such as newsroom2026').optional(),
    /** The PEM private key itself (line breaks may be written as \n), or DKIM_PRIVATE_KEY_FILE: a path to it. */
    DKIM_PRIVATE_KEY: z.string().optional(),
    DKIM_PRIVATE_KEY_FILE: z.string().optional(),
  })
  .refine((e) => !e.S3_ACCESS_KEY_ID === !e.S3_SECRET_ACCESS_KEY, {
    path: ['S3_SECRET_ACCESS_KEY'],
    message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither',
  })
  .superRefine((e, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    const keyGiven = Boolean(e.DKIM_PRIVATE_KEY || e.DKIM_PRIVATE_KEY_FILE)
    if (!e.DKIM_DOMAIN && !e.DKIM_SELECTOR && !keyGiven) return
    if (!e.DKIM_DOMAIN)
      problem('DKIM_DOMAIN', 'DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and a key: DKIM_DOMAIN is missing')
    if (!e.DKIM_SELECTOR)
      problem('DKIM_SELECTOR', 'DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and a key: DKIM_SELECTOR is missing')
    if (e.DKIM_PRIVATE_KEY && e.DKIM_PRIVATE_KEY_FILE) {
      problem('DKIM_PRIVATE_KEY_FILE', 'set DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE, not both')
      return
    }
    if (!keyGiven) {
      problem('DKIM_PRIVATE_KEY', 'DKIM needs DKIM_PRIVATE_KEY (the PEM key) or DKIM_PRIVATE_KEY_FILE (a path to it)')
      return
    }
    const read = e.DKIM_PRIVATE_KEY_FILE ? readKeyFile(e.DKIM_PRIVATE_KEY_FILE) : null
    if (read && 'problem' in read) return problem('DKIM_PRIVATE_KEY_FILE', read.problem)
    const source = e.DKIM_PRIVATE_KEY_FILE ? 'DKIM_PRIVATE_KEY_FILE' : 'DKIM_PRIVATE_KEY'
    const keyProblem = dkimKeyProblem(read ? read.pem : normalizePem(e.DKIM_PRIVATE_KEY ?? ''))
    if (keyProblem) problem(source, `the DKIM key ${keyProblem}`)
    // A signature for another domain than the From address's is valid but worthless to DMARC (QQ Mail, 163).
    const fromDomain = e.MAIL_FROM.split('@')[1] ?? ''
    if (e.DKIM_DOMAIN && !aligned(e.DKIM_DOMAIN, fromDomain)) {
      problem(
        'DKIM_DOMAIN',
        `DKIM_DOMAIN ${e.DKIM_DOMAIN} does not match MAIL_FROM's domain ${fromDomain} (nor is one a subdomain of the other): DMARC would not count the signature`,
      )
    }
  })
  .transform((e) => {
    // From here on DKIM_PRIVATE_KEY is the key itself, wherever it came from.
    if (!e.DKIM_PRIVATE_KEY_FILE)
      return { ...e, DKIM_PRIVATE_KEY: e.DKIM_PRIVATE_KEY && normalizePem(e.DKIM_PRIVATE_KEY) }
    const read = readKeyFile(e.DKIM_PRIVATE_KEY_FILE)
    return { ...e, DKIM_PRIVATE_KEY: 'pem' in read ? read.pem : undefined }
  })

export type CmsEnv = z.infer<typeof schema>

/** The secret generated once by the launcher for local use; production must set PAYLOAD_SECRET. */
function localSecret(): string | undefined {
  const file = path.join(DATA_DIR, 'payload-secret')
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined
}

/**
 * `next build` evaluates the config to collect routes but never connects:
 * placeholders let one build serve every deployment, settings come at start.
 */
const BUILD_PLACEHOLDERS = {
  DATABASE_URL: 'postgres://build-placeholder@127.0.0.1:1/none',
  PAYLOAD_SECRET: 'build-placeholder-build-placeholder-0000',
}

/**
 * Secrets copied from templates and docs, and our own build placeholder: long
 * enough, known to everyone. Anyone holding PAYLOAD_SECRET can sign staff
 * sessions and preview links.
 */
const PLACEHOLDER_SECRET =
  /your[-_ ]?secret|change[-_ ]?me|replace[-_ ]?me|placeholder|example|^(.)\1*$|^(?:secret|password|payload)+$/i

/** Why a production PAYLOAD_SECRET is unfit, or null when it will do. */
export function weakSecretReason(secret: string | undefined): string | null {
  if (!secret) return 'PAYLOAD_SECRET is not set'
  if (secret.length < 32) return `PAYLOAD_SECRET is only ${secret.length} characters long; at least 32 are required`
  if (PLACEHOLDER_SECRET.test(secret)) return 'PAYLOAD_SECRET is a well-known placeholder value'
  if (new Set(secret).size < 10) return 'PAYLOAD_SECRET uses fewer than 10 distinct characters, it is not random'
  return null
}

function readEnv(): CmsEnv {
  const raw: Record<string, string | undefined> = { ...process.env }
  const building = process.env.NEXT_PHASE === 'phase-production-build'
  if (building) Object.assign(raw, BUILD_PLACEHOLDERS)
  // Production takes its secret from the environment only: a file left under .data/ is not a deployment setting.
  if (raw.NODE_ENV !== 'production') raw.PAYLOAD_SECRET ||= localSecret()
  if (raw.NODE_ENV === 'production' && !building) {
    const weak = weakSecretReason(raw.PAYLOAD_SECRET || undefined)
    if (weak) {
      throw new Error(
        `内容管理系统拒绝启动：生产环境必须设置足够强的 PAYLOAD_SECRET（至少 32 个随机字符）。\n` +
          `Newsroom CMS refuses to start: ${weak}. Set PAYLOAD_SECRET to at least 32 random characters ` +
          `(e.g. \`openssl rand -hex 32\`); \`npm start\` generates one into .data/payload-secret for local use.`,
      )
    }
  }
  for (const key of Object.keys(raw)) if (raw[key] === '') delete raw[key]
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(
      `Newsroom CMS cannot start, its settings are invalid:\n${problems}\nStart it with \`npm start\` (which provides local defaults) or set these variables; see README.md.`,
    )
  }
  return parsed.data
}

export const env = readEnv()
