import path from 'node:path'
import { postgresAdapter } from '@payloadcms/db-postgres'
import { nodemailerAdapter } from '@payloadcms/email-nodemailer'
import { seoPlugin } from '@payloadcms/plugin-seo'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { zh } from '@payloadcms/translations/languages/zh'
import nodemailer from 'nodemailer'
import { buildConfig } from 'payload'
import sharp from 'sharp'
import { Articles } from './collections/Articles'
import { Documents } from './collections/Documents'
import { Media } from './collections/Media'
import { Pages } from './collections/Pages'
import { Redirects } from './collections/Redirects'
import { Subscribers } from './collections/Subscribers'
import { Topics } from './collections/Topics'
import { Users } from './collections/Users'
import { outboxTransport } from './email/outboxTransport'
import { SiteSettings } from './globals/SiteSettings'
import { env } from './lib/env'
import { CMS_DIR, DATA_DIR } from './lib/paths'

export default buildConfig({
  serverURL: env.CMS_URL,
  secret: env.PAYLOAD_SECRET,
  admin: {
    user: Users.slug,
    meta: { titleSuffix: ' · 普陀区科技企业联合会 内容管理' },
    importMap: { baseDir: path.join(CMS_DIR, 'src') },
    dateFormat: 'yyyy-MM-dd HH:mm',
  },
  i18n: {
    supportedLanguages: { zh },
    fallbackLanguage: 'zh',
  },
  collections: [Articles, Topics, Media, Documents, Pages, Users, Subscribers, Redirects],
  globals: [SiteSettings],
  editor: lexicalEditor(),
  db: postgresAdapter({
    pool: { connectionString: env.DATABASE_URL, max: 10 },
    // Migrations only, never schema push: mixing the two stalls `payload migrate` at an interactive prompt.
    // PAYLOAD_DB_PUSH=true is for throwaway development databases only.
    push: process.env.PAYLOAD_DB_PUSH === 'true',
    migrationDir: path.join(CMS_DIR, 'src/migrations'),
  }),
  sharp,
  email: nodemailerAdapter({
    defaultFromAddress: env.MAIL_FROM,
    defaultFromName: env.MAIL_FROM_NAME,
    skipVerify: true,
    transport: env.SMTP_URL
      ? nodemailer.createTransport({ url: env.SMTP_URL, pool: true, maxConnections: 5 } as never)
      : nodemailer.createTransport(outboxTransport(path.join(DATA_DIR, 'outbox'))),
  }),
  cors: [env.SITE_URL, env.CMS_URL],
  csrf: [env.SITE_URL, env.CMS_URL],
  upload: { limits: { fileSize: 20 * 1024 * 1024 } },
  jobs: {
    // Scheduled publishing lives in the jobs queue; something must poll it or schedules silently stall.
    autoRun: [{ cron: '*/10 * * * * *', queue: 'default', limit: 20 }],
    shouldAutoRun: () => env.PAYLOAD_JOBS_AUTORUN === 'true',
  },
  plugins: [
    seoPlugin({
      collections: ['articles', 'pages'],
      uploadsCollection: 'media',
      tabbedUI: true,
      generateTitle: ({ doc }) => (doc?.title ? `${doc.title} - 普陀区科技企业联合会` : '普陀区科技企业联合会'),
      generateDescription: ({ doc }) => (doc?.summary as string | undefined) ?? '',
      generateURL: ({ doc, collectionSlug }) =>
        collectionSlug === 'articles' ? `${env.SITE_URL}/articles/${doc?.slug ?? ''}` : `${env.SITE_URL}/${doc?.slug ?? ''}`,
    }),
  ],
  typescript: { outputFile: path.join(CMS_DIR, 'src/payload-types.ts') },
  graphQL: { disablePlaygroundInProduction: true },
})
