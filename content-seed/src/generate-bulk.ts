/**
 * Fills a database with many realistic Chinese articles for load and query
 * measurements (issue 5: "with 100,000 articles in the database"). Written with
 * set-based SQL in batches (a few seconds per 10,000), not Payload creates (an
 * hour for 100,000): the main table, the `_articles_v` version Payload's admin
 * expects for each document, the topic relations of both, and then the search
 * index through the search module's own reindexer, so search sees exactly what
 * a hook would have written.
 *
 * Text is recombined from the sample content's sentences (our own writing), so
 * word frequencies, lengths and segmentation behave like the real thing.
 * Deterministic for a given seed. Generated slugs start with `bulk-`, so
 * `removeBulkArticles` can take them out again.
 */
import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'
import { reindexAllArticles } from '../../cms/src/search/searchIndex'
import { articles as sampleArticles } from './content'
import { editorState, heading, type LexicalNode, paragraph } from './lexical'

const SECTIONS: Array<{ value: 'news' | 'policy' | 'park' | 'notice'; weight: number }> = [
  { value: 'news', weight: 45 },
  { value: 'policy', weight: 25 },
  { value: 'park', weight: 10 },
  { value: 'notice', weight: 20 },
]

const SUBJECTS = [
  '普陀区科技企业联合会',
  '区科委',
  '长风生态商务区',
  '桃浦智创城',
  '中以（上海）创新园',
  '武宁科技园',
  '联合会会员企业',
  '区知识产权局',
  '真如城市副中心',
  '区人力资源和社会保障局',
]
const ACTIONS = ['召开', '举办', '发布', '解读', '启动', '组织开展', '部署', '走访调研', '签约', '表彰']
const TOPICS_OF_TITLES = [
  '科技创新服务券申领工作',
  '高新技术企业认定培训会',
  '知识产权质押融资对接会',
  '年度会员大会',
  '科技小巨人企业申报',
  '人工智能产业发展座谈会',
  '专精特新企业培育计划',
  '研发费用加计扣除政策宣讲',
  '产学研合作项目路演',
  '人才公寓申请说明',
  '法律服务进园区活动',
  '科技金融政策解读会',
  '园区招商推介会',
  '企业数字化转型沙龙',
  '技术合同登记服务',
]

/** Small deterministic PRNG (mulberry32): the same seed gives the same database. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function sentencesOfSamples(): string[] {
  const out = new Set<string>()
  for (const article of sampleArticles) {
    for (const block of [article.summary, ...article.body]) {
      if (typeof block !== 'string') continue
      for (const sentence of block.split(/(?<=[。！？；])/)) {
        const s = sentence.trim()
        if (s.length >= 8) out.add(s)
      }
    }
  }
  return [...out]
}

type Row = {
  title: string
  summary: string
  content: unknown
  slug: string
  section: string
  published_at: string
  bylines_author: string
  hero_image_id: number | null
  topics: number[]
}

export async function generateBulkArticles(
  payload: Payload,
  {
    count,
    seed = 2016,
    batchSize = 2000,
    log = console.log,
  }: { count: number; seed?: number; batchSize?: number; log?: (line: string) => void },
): Promise<{ inserted: number; seconds: number }> {
  const started = Date.now()
  const random = prng(seed)
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
  const sentences = sentencesOfSamples()
  if (sentences.length < 20) throw new Error('the sample content has too few sentences to recombine')
  const pool = (payload.db as unknown as PostgresAdapter).pool
  const client = await pool.connect()
  try {
    const topicIds = (await client.query<{ id: number }>('SELECT id FROM topics ORDER BY id')).rows.map((r) => r.id)
    const mediaIds = (await client.query<{ id: number }>('SELECT id FROM media ORDER BY id LIMIT 50')).rows.map(
      (r) => r.id,
    )
    const { rows: existing } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM articles WHERE slug LIKE 'bulk-%'`,
    )
    const offset = existing[0].n
    const authors = ['王敏', '李静', '张伟', '刘洋', '陈晨', '杨帆', '赵磊', '周婷']
    const totalWeight = SECTIONS.reduce((n, s) => n + s.weight, 0)
    const section = () => {
      let r = random() * totalWeight
      for (const s of SECTIONS) {
        r -= s.weight
        if (r < 0) return s.value
      }
      return 'news'
    }
    // Spread over ten years before now, so archives have every month and lists a long tail.
    const span = 10 * 365 * 24 * 3600 * 1000
    const now = Date.now()

    let inserted = 0
    while (inserted < count) {
      const size = Math.min(batchSize, count - inserted)
      const rows: Row[] = []
      for (let i = 0; i < size; i++) {
        const n = offset + inserted + i + 1
        const title = `${pick(SUBJECTS)}${pick(ACTIONS)}${pick(TOPICS_OF_TITLES)}（第${(n % 97) + 1}期）`
        const paragraphs = Array.from({ length: 4 + Math.floor(random() * 5) }, () =>
          Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(sentences)).join(''),
        )
        const blocks: LexicalNode[] = paragraphs.map((p) => paragraph(p))
        if (paragraphs.length > 5) blocks.splice(3, 0, heading(pick(TOPICS_OF_TITLES)))
        const topicCount = topicIds.length ? 1 + Math.floor(random() * Math.min(3, topicIds.length)) : 0
        const topics = [...new Set(Array.from({ length: topicCount }, () => pick(topicIds)))]
        rows.push({
          title,
          summary: paragraphs[0].slice(0, 120),
          content: editorState(blocks),
          slug: `bulk-${n}`,
          section: section(),
          published_at: new Date(now - Math.floor(random() * span)).toISOString(),
          bylines_author: pick(authors),
          hero_image_id: mediaIds.length && random() < 0.3 ? pick(mediaIds) : null,
          topics,
        })
      }
      await client.query('BEGIN')
      await client.query(
        `WITH input AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(title text, summary text, content jsonb, slug text,
             section text, published_at timestamptz, bylines_author text, hero_image_id int, topics int[])
         ),
         inserted AS (
           INSERT INTO articles (title, summary, content, slug, section, published_at, bylines_author, bylines_editor,
             hero_image_id, _status, updated_at, created_at)
           SELECT title, summary, content, slug, section::enum_articles_section, published_at, bylines_author, '联合会秘书处',
             hero_image_id, 'published', published_at, published_at
           FROM input
           RETURNING id, slug
         ),
         versions AS (
           INSERT INTO _articles_v (parent_id, version_title, version_summary, version_content, version_slug, version_section,
             version_published_at, version_bylines_source, version_bylines_author, version_bylines_editor, version_hero_image_id,
             version_featured, version__status, version_updated_at, version_created_at, created_at, updated_at, latest)
           SELECT a.id, i.title, i.summary, i.content, i.slug, i.section::enum__articles_v_version_section, i.published_at,
             '普陀区科技企业联合会', i.bylines_author, '联合会秘书处', i.hero_image_id, false, 'published',
             i.published_at, i.published_at, i.published_at, i.published_at, true
           FROM inserted a JOIN input i USING (slug)
           RETURNING id, parent_id
         ),
         rels AS (
           INSERT INTO articles_rels ("order", parent_id, path, topics_id)
           SELECT t.ord, a.id, 'topics', t.topic
           FROM inserted a JOIN input i USING (slug), unnest(i.topics) WITH ORDINALITY AS t(topic, ord)
         )
         INSERT INTO _articles_v_rels ("order", parent_id, path, topics_id)
         SELECT t.ord, v.id, 'version.topics', t.topic
         FROM versions v JOIN inserted a ON a.id = v.parent_id JOIN input i USING (slug),
           unnest(i.topics) WITH ORDINALITY AS t(topic, ord)`,
        [JSON.stringify(rows)],
      )
      await client.query('COMMIT')
      inserted += size
      if (inserted % 10_000 === 0 || inserted === count) log(`articles: ${inserted}/${count}`)
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
  log('search index: rebuilding…')
  const indexed = await reindexAllArticles(payload, { batchSize: 1000 })
  // VACUUM, not only ANALYZE: a bulk load leaves the visibility map empty, so every index-only scan (the
  // lists' counts) reads the heap too until autovacuum comes by: 41 ms instead of 6 ms for a section's count
  // at 100,000 articles. A live database gets there by itself; a freshly generated one must not be measured before.
  for (const table of [
    'articles',
    'articles_rels',
    'articles_texts',
    '_articles_v',
    '_articles_v_rels',
    'search_index',
  ])
    await pool.query(`VACUUM (ANALYZE) ${table}`)
  // The sites cache pages; nothing a hook would announce happened, so announce once (docs/decisions/006).
  await pool.query(`SELECT pg_notify('newsroom_content', '{"kind":"bulk","reason":"generate-bulk"}')`)
  log(`search index: ${indexed.indexed} articles`)
  return { inserted: count, seconds: (Date.now() - started) / 1000 }
}
