import { newsArticles } from './news'
import { draftArticles, noticeArticles } from './notices'
import { parkArticles } from './parks'
import { policyArticles } from './policy'
import type { SeedArticle } from './types'

export { pages, siteSettings } from './pages'
export { topics } from './topics'
export type * from './types'

/**
 * All sample articles in publication order, so ids ascend with dates and the
 * admin list (sorted by id) looks like a real history; the draft comes last.
 */
export const articles: SeedArticle[] = [...newsArticles, ...policyArticles, ...parkArticles, ...noticeArticles]
  .sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''))
  .concat(draftArticles)

/** The policy PDF attached to the first sample interpretation. */
export const samplePolicyDocument = {
  key: 'sample-policy-pdf' as const,
  title: '普陀区科技创新服务券实施办法（示例文件）',
  fileName: 'putuo-keji-chuangxin-fuwuquan-shili.pdf',
  lines: [
    '普陀区科技创新服务券实施办法（示例）',
    '普科〔2016〕示例1号',
    '',
    '本文件为网站示例附件，内容为演示虚构，不具有任何效力。',
    '第一条  为降低中小科技企业使用专业服务的成本，制定本办法（示例）。',
    '第二条  服务券用于购买研发设计、检验检测、知识产权等专业服务（示例）。',
    '第三条  本办法自发布之日起施行（示例）。',
  ],
  latinNote: 'SAMPLE DOCUMENT - for demonstration only, not a real policy. Putuo Sci-Tech Enterprise Federation.',
}
