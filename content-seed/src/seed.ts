/**
 * Seeds the sample content on an empty database: topics, illustrations, a
 * policy PDF, articles (published plus one draft), the standing pages and the
 * site settings. Called by the CMS bootstrap on every start, so it must be a
 * no-op on any database that already has content.
 */
import type { Payload, PayloadRequest } from 'payload'
import type { Article } from '../../cms/src/payload-types'
import {
  articles,
  pages,
  type SeedArticle,
  type SeedBlock,
  type SeedDocumentKey,
  type SeedImage,
  type SeedPage,
  samplePolicyDocument,
  siteSettings,
  type TopicSlug,
  topics,
} from './content'
import { describeImage, type ImageSpec, renderImage, type SectionValue } from './images'
import { editorState, heading, type LexicalNode, paragraph, upload } from './lexical'
import { samplePolicyPdf } from './pdf'

export type SeedResult = { seeded: boolean; articles: number; topics: number }

/**
 * Side-effect hooks (cache purge, subscriber notification) check these flags:
 * seeding 2016 sample articles must neither purge a cold cache nor mail anyone.
 */
export const SEED_CONTEXT = { disableRevalidate: true, disableNotifications: true } as const

/** '2016-04-18 10:00' in Shanghai → ISO instant. A fixed +08:00 offset: China has no DST. */
export function shanghaiToIso(local: string): string {
  const [date, time = '09:00'] = local.trim().split(/\s+/)
  const iso = new Date(`${date}T${time}:00+08:00`)
  if (Number.isNaN(iso.getTime())) throw new Error(`Invalid sample date: ${local}`)
  return iso.toISOString()
}

/** '2016-04-18 10:00' → '2016.04.18', the Latin caption drawn on the picture. */
const pictureDate = (local: string | undefined) => (local ? local.slice(0, 10).replace(/-/g, '.') : 'DRAFT')

type Ctx = { payload: Payload; req: Partial<PayloadRequest> }

const common = (ctx: Ctx) => ({ req: ctx.req, overrideAccess: true, context: { ...SEED_CONTEXT } })

async function createImage(
  ctx: Ctx,
  spec: ImageSpec,
  subject: string,
  name: string,
  caption?: string,
): Promise<number> {
  const image = await renderImage(spec)
  const doc = await ctx.payload.create({
    collection: 'media',
    data: { alt: describeImage(spec, subject), caption: caption ?? null },
    file: { data: image.data, mimetype: image.mimetype, name, size: image.data.length },
    ...common(ctx),
  })
  return doc.id
}

async function buildBody(
  ctx: Ctx,
  blocks: SeedBlock[],
  section: SectionValue,
  date: string,
  namePrefix: string,
): Promise<ReturnType<typeof editorState>> {
  const nodes: LexicalNode[] = []
  let n = 0
  for (const block of blocks) {
    if (typeof block === 'string') nodes.push(paragraph(block))
    else if ('heading' in block) nodes.push(heading(block.heading, 'h2'))
    else {
      n += 1
      const img: SeedImage = block.image
      const id = await createImage(
        ctx,
        { section, motif: img.motif, seed: img.seed, caption: date },
        img.subject,
        `${namePrefix}-tu${n}.jpg`,
        img.caption,
      )
      nodes.push(upload(id))
    }
  }
  return editorState(nodes)
}

async function seedArticle(
  ctx: Ctx,
  a: SeedArticle,
  index: number,
  topicIds: Map<TopicSlug, number>,
  documentIds: Map<SeedDocumentKey, number>,
): Promise<Article> {
  // File names are ASCII and stable so the uploads directory is readable; the CMS de-duplicates clashes.
  const namePrefix = `shili-${String(index + 1).padStart(2, '0')}-${a.section}`
  const date = pictureDate(a.publishedAt)
  const heroId = await createImage(
    ctx,
    { section: a.section, ...a.hero, caption: date },
    a.hero.subject,
    `${namePrefix}.jpg`,
  )
  const content = await buildBody(ctx, a.body, a.section, date, namePrefix)
  const docId = (key: SeedDocumentKey) => {
    const id = documentIds.get(key)
    if (id === undefined) throw new Error(`Sample document ${key} was not created`)
    return id
  }
  const draft = a.status === 'draft'
  return ctx.payload.create({
    collection: 'articles',
    draft,
    data: {
      title: a.title,
      section: a.section,
      summary: a.summary,
      heroImage: heroId,
      content,
      topics: a.topics.map((slug) => {
        const id = topicIds.get(slug)
        if (id === undefined) throw new Error(`Unknown topic ${slug} in “${a.title}”`)
        return id
      }),
      publishedAt: a.publishedAt ? shanghaiToIso(a.publishedAt) : undefined,
      featured: a.featured ?? false,
      bylines: a.bylines,
      attachments: a.attachments?.map(docId),
      policy: a.policy
        ? {
            ...a.policy,
            issuedDate: a.policy.issuedDate ? shanghaiToIso(a.policy.issuedDate) : undefined,
            originalFile: a.policy.originalFile ? docId(a.policy.originalFile) : undefined,
          }
        : undefined,
      park: a.park,
      meta: { description: a.summary, image: heroId },
      _status: a.status,
    },
    ...common(ctx),
  })
}

async function seedPage(ctx: Ctx, p: SeedPage): Promise<void> {
  // Pages may have been created by hand before any article existed; never duplicate /about.
  const existing = await ctx.payload.count({ collection: 'pages', where: { slug: { equals: p.slug } }, ...common(ctx) })
  if (existing.totalDocs > 0) return
  const nodes: LexicalNode[] = p.body.map((b) => {
    if (typeof b === 'string') return paragraph(b)
    if ('heading' in b) return heading(b.heading, 'h2')
    throw new Error(`Pages take no images (${p.slug})`)
  })
  await ctx.payload.create({
    collection: 'pages',
    data: {
      title: p.title,
      slug: p.slug,
      summary: p.summary,
      content: editorState(nodes),
      meta: { description: p.summary },
    },
    ...common(ctx),
  })
}

async function seedSiteSettings(ctx: Ctx): Promise<void> {
  // Only a never-saved global gets the sample settings; an admin's real ICP number is never overwritten.
  const current = await ctx.payload.findGlobal({ slug: 'site-settings', ...common(ctx) })
  if (current.createdAt || current.description) return
  await ctx.payload.updateGlobal({ slug: 'site-settings', data: siteSettings, ...common(ctx) })
}

async function seedEverything(ctx: Ctx): Promise<number> {
  const topicIds = new Map<TopicSlug, number>()
  for (const t of topics) {
    const doc = await ctx.payload.create({ collection: 'topics', data: t, ...common(ctx) })
    topicIds.set(t.slug, doc.id)
  }

  const pdf = samplePolicyPdf({
    title: samplePolicyDocument.title,
    lines: samplePolicyDocument.lines,
    latinNote: samplePolicyDocument.latinNote,
  })
  const document = await ctx.payload.create({
    collection: 'documents',
    data: { title: samplePolicyDocument.title },
    file: { data: pdf, mimetype: 'application/pdf', name: samplePolicyDocument.fileName, size: pdf.length },
    ...common(ctx),
  })
  const documentIds = new Map<SeedDocumentKey, number>([[samplePolicyDocument.key, document.id]])

  // Sequential on purpose: each upload already encodes six AVIF/WebP sizes in parallel,
  // and one transaction's connection serves one query at a time anyway.
  for (const [i, a] of articles.entries()) await seedArticle(ctx, a, i, topicIds, documentIds)

  for (const p of pages) await seedPage(ctx, p)
  await seedSiteSettings(ctx)
  return articles.length
}

/**
 * Seeds only when there is neither an article nor a topic: a database someone
 * has used is never touched, so running it on every start is safe.
 *
 * Everything happens in one database transaction: if anything fails half-way
 * (say an image encode), nothing is kept and the next start seeds afresh,
 * instead of finding a half-seeded database and skipping it forever. Uploaded
 * files written before a failure stay on disk as harmless orphans.
 * Two processes seeding at once are serialised by the caller (bootstrap holds
 * a PostgreSQL advisory lock).
 */
export async function seedSampleContent(payload: Payload): Promise<SeedResult> {
  const [existingArticles, existingTopics] = await Promise.all([
    payload.count({ collection: 'articles', overrideAccess: true }),
    payload.count({ collection: 'topics', overrideAccess: true }),
  ])
  if (existingArticles.totalDocs > 0 || existingTopics.totalDocs > 0) {
    return { seeded: false, articles: existingArticles.totalDocs, topics: existingTopics.totalDocs }
  }

  const transactionID = (await payload.db.beginTransaction()) ?? undefined
  const ctx: Ctx = { payload, req: transactionID === undefined ? {} : { transactionID } }
  try {
    const count = await seedEverything(ctx)
    if (transactionID !== undefined) await payload.db.commitTransaction(transactionID)
    return { seeded: true, articles: count, topics: topics.length }
  } catch (error) {
    if (transactionID !== undefined) await payload.db.rollbackTransaction(transactionID).catch(() => {})
    throw error
  }
}
