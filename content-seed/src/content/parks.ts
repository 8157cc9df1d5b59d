/**
 * 合作园区. 江苏中关村科技产业园 is described only with what its representative
 * presented at the 2016 annual meeting; its contact and website are left for
 * staff to fill in rather than guessed. The second park is openly fictional
 * (示例) and shows what a complete park card looks like.
 */
import type { SeedArticle } from './types'

const BYLINE = { source: '普陀区科技企业联合会', author: '联合会秘书处', editor: '联合会秘书处' }

export const parkArticles: SeedArticle[] = [
  {
    title: '合作园区｜江苏中关村科技产业园',
    section: 'park',
    publishedAt: '2016-04-28 10:00',
    status: 'published',
    featured: true,
    summary:
      '江苏中关村科技产业园成立于2012年3月，是常州市政府与北京中关村开展体制创新与区域合作的成果，也是中关村在北京市外设立的第一个科技产业园区。',
    topics: ['yuanqu-hezuo', 'huiyuan-huodong'],
    bylines: BYLINE,
    hero: { motif: 'map', seed: 31, subject: '江苏中关村科技产业园' },
    park: {
      location: '江苏省常州市',
      foundedDate: '2012年3月',
      focusIndustries: ['科技成果产业化', '高新技术产业', '创新创业孵化'],
      contact: '入驻咨询请联系联合会秘书处，由秘书处协助对接园区招商部门',
    },
    body: [
      '在普陀区科技企业联合会2016年年会上，江苏中关村科技产业园招商三局副局长朱静向与会企业介绍了园区情况，并诚邀会员企业考察、入驻。',
      { heading: '园区概况' },
      '江苏中关村科技产业园成立于2012年3月，是常州市政府与北京中关村开展体制创新与区域合作的成果，也是中关村在北京市外设立的第一个科技产业园区。',
      {
        image: {
          motif: 'waves',
          seed: 13,
          subject: '沪苏区域合作示意',
          caption: '示意图：跨区域合作与产业联动。',
        },
      },
      { heading: '政策环境' },
      '江苏省政府从园区管理模式、项目审核、财税支持、金融扶持、科技创新支持和人才扶持等多个方面给予支持，为园区加速发展、优先发展营造了良好的政策环境。',
      { heading: '发展定位' },
      '园区定位为中关村科技成果华东产业化基地、江苏与北京区域合作的示范园区、江苏创新创业人才的聚集高地和苏南自主创新示范区的亮点载体，并瞄准创建国家级高新区的目标。',
      '园区通过建设独特的园区文化、增强自主创新能力、完善体制机制框架、提升新兴产业竞争力等途径，致力于成为加快常州经济发展、产业升级、结构优化的驱动引擎和苏南经济增长的推动器，建设全国能示范、江苏有地位、苏南有特色的高新技术产业园。',
      '有意了解园区入驻政策的会员企业，可与联合会秘书处联系，秘书处将协助对接。',
    ],
  },
  {
    title: '合作园区｜苏州河科创示例园',
    section: 'park',
    publishedAt: '2016-08-16 10:00',
    status: 'published',
    summary:
      '【示例】一篇演示“合作园区”栏目版式的介绍：园区名称、地址、成立时间、产业方向和联系方式均为虚构，用来说明一篇园区介绍应当包含哪些信息。',
    topics: ['yuanqu-hezuo', 'jinrong-fuwu'],
    bylines: BYLINE,
    hero: { motif: 'grid', seed: 32, subject: '苏州河科创示例园' },
    park: {
      location: '上海市普陀区苏州河沿岸（示例地址）',
      foundedDate: '2014年（示例）',
      focusIndustries: ['软件和信息服务', '研发设计', '科技金融服务'],
      contact: '园区招商服务中心 021-0000 0000（示例）',
    },
    body: [
      '说明：本文为网站示例内容，园区名称、地址、成立时间、产业方向和联系方式均为虚构，用于展示“合作园区”栏目的版式和一篇园区介绍应当包含的信息。',
      '苏州河科创示例园位于普陀区苏州河沿岸，以改造后的老厂房为载体，面向中小科技企业提供研发办公空间和创业孵化服务。',
      { heading: '产业方向' },
      '园区重点引进软件和信息服务、研发设计等领域的科技企业，并引入科技金融服务机构，形成“空间＋服务＋资金”的孵化模式。',
      { heading: '服务内容' },
      '园区为入驻企业提供工商注册、项目申报辅导、知识产权咨询和投融资对接等服务，并定期举办创业沙龙和项目路演。',
      { heading: '与联合会的合作' },
      '按照示例合作安排，联合会会员企业入驻园区可优先获得政策宣讲和项目对接服务，园区也将通过联合创新服务平台发布空间和活动信息。',
      '欢迎有意入驻的会员企业联系园区招商服务中心或联合会秘书处。',
    ],
  },
]
