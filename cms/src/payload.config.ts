import path from 'node:path'
import { nodemailerAdapter } from '@payloadcms/email-nodemailer'
import { seoPlugin } from '@payloadcms/plugin-seo'
import { EXPERIMENTAL_TableFeature, lexicalEditor } from '@payloadcms/richtext-lexical'
import { zh } from '@payloadcms/translations/languages/zh'
import nodemailer from 'nodemailer'
import { buildConfig, type SanitizedConfig } from 'payload'
import { nobody } from './access/nobody'
import { isAdminUser } from './access/roles'
import { AuditLog } from './audit/AuditLog'
import { Articles } from './collections/Articles'
import { Deliveries } from './collections/Deliveries'
import { Documents } from './collections/Documents'
import { Mailings } from './collections/Mailings'
import { Media } from './collections/Media'
import { Pages } from './collections/Pages'
import { RateLimits } from './collections/RateLimits'
import { Redirects } from './collections/Redirects'
import { Subscribers } from './collections/Subscribers'
import { SubscriptionTokens } from './collections/SubscriptionTokens'
import { Topics } from './collections/Topics'
import { Users } from './collections/Users'
import { contentEventsPlugin } from './contentEvents'
import { dkimOptions } from './email/dkim'
import { outboxTransport } from './email/outboxTransport'
import { smtpTransport } from './email/smtpTransport'
import { siteEndpoints } from './endpoints'
import { FEDERATION_NAME } from './federation'
import { SiteSettings } from './globals/SiteSettings'
import { deliverMailTask } from './jobs/deliverMail'
import { pruneSubscriptionDataTask } from './jobs/pruneSubscriptionData'
import { weeklyDigestTask } from './jobs/weeklyDigest'
import { clientErrorsAsClientErrors, databaseOutageAs503 } from './lib/apiErrors'
import { restartTolerantPostgresAdapter } from './lib/database'
import { env } from './lib/env'
import { withExclusiveJobClaims } from './lib/exclusiveJobClaims'
import { CMS_DIR, DATA_DIR } from './lib/paths'
import { withRoutedReadReplicas } from './lib/readReplicas'
import { rejectNulInQueries } from './lib/rejectNulInQueries'
import { reviewNoticeTask } from './review/notify'
import { MAIL_QUEUE } from './subscriptions/announce'
import { subscriptionEndpoints } from './subscriptions/endpoints'
import { limitedSharp, MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE_MESSAGE } from './uploads/limits'
import { objectStorage } from './uploads/objectStorage'

// Every mail DKIM-signed by nodemailer when DKIM_* are set (email/dkim.ts, docs/decisions/019).
const dkim = dkimOptions(env)

export default buildConfig({
  serverURL: env.CMS_URL,
  secret: env.PAYLOAD_SECRET,
  admin: {
    user: Users.slug,
    meta: { titleSuffix: ` · ${FEDERATION_NAME} 内容管理` },
    importMap: { baseDir: path.join(CMS_DIR, 'src') },
    dateFormat: 'yyyy-MM-dd HH:mm',
    // The review queue and upcoming schedules (docs/decisions/009).
    components: { afterDashboard: ['/components/ReviewQueue#ReviewQueue'] },
  },
  i18n: {
    supportedLanguages: { zh },
    fallbackLanguage: 'zh',
  },
  collections: [
    Articles,
    Topics,
    Media,
    Documents,
    Pages,
    Users,
    Subscribers,
    Redirects,
    // Newsletter machinery (docs/decisions/005): announcements, the send ledger, link tokens, rate-limit counters.
    Mailings,
    Deliveries,
    SubscriptionTokens,
    RateLimits,
    // 谁发布、谁负责 (docs/decisions/009): the read-only audit trail.
    AuditLog,
  ],
  globals: [SiteSettings],
  // Search, feed items and site index for the public site (cms/src/endpoints);
  // the public subscription flow (cms/src/subscriptions/endpoints.ts).
  endpoints: [...siteEndpoints, ...subscriptionEndpoints],
  // Tables: Word documents and old-site articles bring them (docs/decisions/012); the site renders them already.
  editor: lexicalEditor({ features: ({ defaultFeatures }) => [...defaultFeatures, EXPERIMENTAL_TableFeature()] }),
  // Payload's adapter with the repairs a database restart needed (lib/database.ts, docs/decisions/010),
  // among them the pool's own 'error' listener: an idle connection the server ended is logged, not fatal.
  // Several CMS instances on one database: each job claimed by one of them (lib/exclusiveJobClaims.ts), and the
  // site's reads on replicas when they have caught up (lib/readReplicas.ts, docs/decisions/015).
  db: withExclusiveJobClaims(
    withRoutedReadReplicas(
      restartTolerantPostgresAdapter({
        pool: { connectionString: env.DATABASE_URL, max: 10 },
        // Only the web server reads replicas: scripts, backups and job runners (`payload run`, `payload jobs:run`)
        // work on the primary, and a replica that is away must not stop them.
        readReplicas:
          process.env.NEXT_RUNTIME === 'nodejs' && env.DATABASE_REPLICA_URLS.length > 0
            ? env.DATABASE_REPLICA_URLS
            : undefined,
        // Payload's own read-after-write window is per process; our routing keeps staff on the primary instead.
        readReplicasAfterWriteInterval: 0,
        // Migrations only, never schema push: mixing the two stalls `payload migrate` at an interactive prompt.
        // PAYLOAD_DB_PUSH=true is for throwaway development databases only.
        push: process.env.PAYLOAD_DB_PUSH === 'true',
        migrationDir: path.join(CMS_DIR, 'src/migrations'),
      }),
    ),
  ),
  // sharp with the pixel limit that refuses decompression bombs (uploads/limits.ts).
  sharp: limitedSharp,
  email: nodemailerAdapter({
    defaultFromAddress: env.MAIL_FROM,
    defaultFromName: env.MAIL_FROM_NAME,
    skipVerify: true,
    transport: env.SMTP_URL
      ? smtpTransport(env.SMTP_URL, {
          maxConnections: 5,
          maxMessages: 1000,
          // Bounded so a send always ends well inside the mail worker's lease (MAIL_SEND_LEASE_SECONDS).
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 60_000,
          ...(dkim ? { dkim } : {}),
        })
      : // A custom transport takes no transport options: the signature goes in as a per-message default.
        nodemailer.createTransport(outboxTransport(path.join(DATA_DIR, 'outbox')), dkim ? { dkim } : undefined),
  }),
  cors: [env.SITE_URL, env.CMS_URL],
  csrf: [env.SITE_URL, env.CMS_URL],
  // Over the limit, Payload stops reading and fails the request; lib/apiErrors.ts makes that a 413.
  upload: { limits: { fileSize: MAX_UPLOAD_BYTES }, responseOnLimit: UPLOAD_TOO_LARGE_MESSAGE },
  // The database away is a 503 with Retry-After, never a bare 500 (lib/apiErrors.ts).
  hooks: { afterError: [clientErrorsAsClientErrors, databaseOutageAs503] },
  jobs: {
    // Scheduled publishing lives in the jobs queue; something must poll it or schedules silently stall.
    autoRun: [
      { cron: '*/10 * * * * *', queue: 'default', limit: 20 },
      // Mail has its own queue: a long send must not hold up scheduled publishing (each queue's cron waits for its previous run).
      { cron: '*/5 * * * * *', queue: MAIL_QUEUE, limit: 10 },
    ],
    tasks: [deliverMailTask, weeklyDigestTask, pruneSubscriptionDataTask, reviewNoticeTask],
    shouldAutoRun: () => env.PAYLOAD_JOBS_AUTORUN === 'true',
    // Payload's default lets any logged-in user (an author) run every queue now through
    // GET /api/payload-jobs/run and /handle-schedules; the queues run themselves (autoRun), so only admins may.
    access: {
      run: ({ req }) => isAdminUser(req.user),
      queue: ({ req }) => isAdminUser(req.user),
      cancel: ({ req }) => isAdminUser(req.user),
    },
  },
  plugins: [
    // Uploads in an S3-compatible bucket when S3_BUCKET is set (docs/decisions/013). First, so that every
    // later plugin's hooks see the stored document.
    objectStorage,
    seoPlugin({
      collections: ['articles', 'pages'],
      uploadsCollection: 'media',
      tabbedUI: true,
      generateTitle: ({ doc }) => (doc?.title ? `${doc.title} - ${FEDERATION_NAME}` : FEDERATION_NAME),
      generateDescription: ({ doc }) => (doc?.summary as string | undefined) ?? '',
      generateURL: ({ doc, collectionSlug }) =>
        collectionSlug === 'articles'
          ? `${env.SITE_URL}/articles/${doc?.slug ?? ''}`
          : `${env.SITE_URL}/${doc?.slug ?? ''}`,
    }),
    // A NUL byte in any collection query is a clean 400, not a database error.
    rejectNulInQueries(),
    // Cache invalidation for the site instances (docs/decisions/006): announce every change readers can see,
    // after commit. Last, so the hooks run after every other plugin's and see the final document.
    contentEventsPlugin({
      collections: ['articles', 'topics', 'media', 'documents', 'pages', 'redirects'],
      globals: ['site-settings'],
    }),
  ],
  typescript: { outputFile: path.join(CMS_DIR, 'src/payload-types.ts') },
  // `/api/graphql` is a SPEC URL integrations rely on; it runs the same collection and field access as
  // REST (test/cms/access-matrix.test.ts asks it for users' e-mails and review records as every role).
}).then(closePayloadDefaults)

/**
 * Two of Payload's defaults, closed after it has built the config (they are added or defaulted after plugins run):
 *
 * - The `payload-jobs-stats` global (when each scheduled task last ran) gets default access: any logged-in
 *   user could read and overwrite it through /api/globals/payload-jobs-stats, and an author writing
 *   `{ "stats": {} }` or a future date there would make the scheduler repeat or skip the weekly digest.
 *   Payload writes it through the database adapter (no access check), so through the API nobody needs it.
 * - `readVersions` defaults to "any logged-in user" on every collection and global, also those that keep no
 *   versions; there GET /api/topics/versions (and users, media, site-settings…) answered staff with a 500
 *   from a versions table that does not exist. Without versions there is nothing to read: refuse (403).
 */
function closePayloadDefaults(config: SanitizedConfig): SanitizedConfig {
  for (const global of config.globals) {
    if (global.slug === 'payload-jobs-stats') {
      global.access = { ...global.access, read: nobody, update: nobody, readVersions: nobody }
    } else if (!global.versions) {
      global.access = { ...global.access, readVersions: nobody }
    }
  }
  for (const collection of config.collections) {
    if (!collection.versions) collection.access = { ...collection.access, readVersions: nobody }
  }
  return config
}
