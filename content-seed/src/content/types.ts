/**
 * Shapes of the sample content. They are deliberately narrower than the CMS
 * types (ids are replaced by keys: topic slugs, image specs, a document key) so
 * the content reads like prose and the seed resolves the references.
 */
import type { Article, SiteSetting } from '../../../cms/src/payload-types'
import type { Motif } from '../images'

export type TopicSlug =
  | 'keji-zhengce'
  | 'xiangmu-shenbao'
  | 'zhishi-chanquan'
  | 'jinrong-fuwu'
  | 'falv-fuwu'
  | 'renli-ziyuan'
  | 'yuanqu-hezuo'
  | 'huiyuan-huodong'

export type SeedTopic = { name: string; slug: TopicSlug; description: string; order: number }

/** A picture drawn by images.ts; `subject` names what it illustrates, for the alt text. */
export type SeedImage = { motif: Motif; seed: number; subject: string; caption?: string }

/** A body block: a paragraph, a sub-heading, or an inline picture. */
export type SeedBlock = string | { heading: string } | { image: SeedImage }

/** Documents the seed generates; articles refer to them by key. */
export type SeedDocumentKey = 'sample-policy-pdf'

export type SeedArticle = {
  title: string
  section: Article['section']
  /** Local date and time in Shanghai, e.g. '2016-04-18 10:00'. */
  publishedAt?: string
  status: 'published' | 'draft'
  featured?: boolean
  summary: string
  topics: TopicSlug[]
  bylines: { source: string; author: string; editor: string }
  hero: SeedImage
  body: SeedBlock[]
  policy?: Omit<NonNullable<Article['policy']>, 'originalFile'> & { originalFile?: SeedDocumentKey }
  park?: NonNullable<Article['park']>
  attachments?: SeedDocumentKey[]
}

export type SeedPage = { title: string; slug: string; summary: string; body: SeedBlock[] }

export type SeedSiteSettings = Omit<SiteSetting, 'id' | 'updatedAt' | 'createdAt'>
