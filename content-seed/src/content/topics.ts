import type { SeedTopic } from './types'

/**
 * The eight topics readers follow by RSS and e-mail. Slugs are part of public
 * URLs (/topics/:slug, /topics/:slug/feed.xml) and subscription links, so they
 * are fixed here rather than derived from the names.
 */
export const topics: SeedTopic[] = [
  {
    name: '科技政策',
    slug: 'keji-zhengce',
    description: '国家、上海市和普陀区科技创新政策的发布与解读，帮助企业及时了解、用足用好政策。',
    order: 10,
  },
  {
    name: '项目申报',
    slug: 'xiangmu-shenbao',
    description: '各级科技计划项目、专项资金和资质认定的申报指南、时间节点与办理要点。',
    order: 20,
  },
  {
    name: '知识产权',
    slug: 'zhishi-chanquan',
    description: '专利、商标、软件著作权的申请、资助、运用与保护。',
    order: 30,
  },
  {
    name: '金融服务',
    slug: 'jinrong-fuwu',
    description: '科技信贷、融资担保、股权融资等科技金融服务信息与对接活动。',
    order: 40,
  },
  {
    name: '法律服务',
    slug: 'falv-fuwu',
    description: '合同、用工、知识产权维权等企业法律风险防范与专业法律服务。',
    order: 50,
  },
  {
    name: '人力资源',
    slug: 'renli-ziyuan',
    description: '人才引进、职称申报、技能培训等人力资源政策与服务。',
    order: 60,
  },
  {
    name: '园区合作',
    slug: 'yuanqu-hezuo',
    description: '合作园区介绍、入驻政策与跨区域产业合作交流。',
    order: 70,
  },
  {
    name: '会员活动',
    slug: 'huiyuan-huodong',
    description: '联合会年会、合作交流、会员发展与助学帮困等公益活动。',
    order: 80,
  },
]
