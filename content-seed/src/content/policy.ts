/**
 * 政策解读: interpretations of *sample* policies. The seed report names no
 * concrete policy documents, and a public site must not attribute invented
 * rules to a real authority, so every policy here is marked 示例 in its title,
 * document number, summary and first paragraph. The themes (服务券, 专利资助,
 * 科技金融, 职称申报, 人才服务) follow the services the report lists.
 */
import type { SeedArticle } from './types'

const BYLINE = { source: '普陀区科技企业联合会', author: '联合会政策宣讲组', editor: '联合会秘书处' }

/** The first paragraph of every sample interpretation: readers must never take it for a real policy. */
const SAMPLE_NOTE =
  '说明：本文为网站示例内容，所解读的政策名称、发文字号和具体条款均为演示虚构，仅用于展示“政策解读”栏目的版式，不构成任何申报或办事依据。'

export const policyArticles: SeedArticle[] = [
  {
    title: '解读《普陀区科技创新服务券实施办法（示例）》',
    section: 'policy',
    publishedAt: '2016-03-08 10:00',
    status: 'published',
    summary:
      '【示例】以一份示例政策为例，介绍科技创新服务券的申领对象、使用范围和申领兑付流程。政策名称、文号和条款均为演示虚构，不作为申报依据。',
    topics: ['keji-zhengce', 'xiangmu-shenbao'],
    bylines: BYLINE,
    hero: { motif: 'documents', seed: 21, subject: '科技创新服务券政策解读' },
    policy: {
      originalTitle: '普陀区科技创新服务券实施办法（示例）',
      issuer: '普陀区科学技术委员会（示例）',
      documentNumber: '普科〔2016〕示例1号',
      issuedDate: '2016-03-01',
      originalFile: 'sample-policy-pdf',
    },
    attachments: ['sample-policy-pdf'],
    body: [
      SAMPLE_NOTE,
      '为降低中小科技企业使用专业服务的成本，示例办法提出以“服务券”的形式，对企业购买研发设计、检验检测、知识产权、技术咨询等专业服务给予一定比例的费用补贴。',
      { heading: '谁可以申领' },
      '注册地和税收户管地均在普陀区、具有独立法人资格的科技型中小企业可以申领服务券。同一企业在一个年度内的申领额度设有上限。',
      { heading: '能用在哪些服务上' },
      '服务券可用于向登记在册的服务机构购买研发设计、检验检测、知识产权代理、科技咨询和技术培训等服务，不得用于购买设备、支付工资或抵扣税费。',
      { heading: '怎样申领和兑付' },
      '企业在线提交申请，审核通过后获得服务券；与服务机构签订合同并完成服务后，由服务机构凭合同、发票和服务成果材料申请兑付。',
      '联合会提示：企业在申领前应对照条件逐项自查，妥善保存合同和票据，并在规定期限内完成服务和兑付。示例文件见本文附件，正式政策请以主管部门发布的文件为准。',
    ],
  },
  {
    title: '解读《普陀区专利资助办法（示例）》：哪些专利可以获得资助',
    section: 'policy',
    publishedAt: '2016-05-20 10:00',
    status: 'published',
    summary:
      '【示例】围绕一份示例专利资助办法，梳理国内专利和PCT国际申请的资助方式、申请材料，并提示企业重视专利质量与维权。文号等信息为演示虚构。',
    topics: ['zhishi-chanquan', 'falv-fuwu'],
    bylines: BYLINE,
    hero: { motif: 'grid', seed: 22, subject: '专利资助政策解读' },
    policy: {
      originalTitle: '普陀区专利资助办法（示例）',
      issuer: '普陀区科学技术委员会（示例）',
      documentNumber: '普科〔2016〕示例2号',
      issuedDate: '2016-05-06',
    },
    body: [
      SAMPLE_NOTE,
      '知识产权是科技企业最重要的无形资产之一。示例办法对本区企业获得授权的专利给予资助，鼓励企业加大研发投入、提高专利质量。',
      { heading: '资助范围' },
      '示例办法对发明专利、实用新型专利和外观设计专利分别给予不同标准的资助，对通过《专利合作条约》（PCT）途径提交的国际申请另行给予支持，鼓励企业开拓海外市场。',
      { heading: '申请材料' },
      '申请人一般需提交资助申请表、专利证书或授权通知书复印件、缴费凭证和营业执照复印件等材料。同一专利不得重复申请资助。',
      { heading: '几点提示' },
      '资助不是目的，专利的质量和运用才是关键。企业在提交专利申请前宜先开展检索分析，避免低质量申请；发现侵权时应及时固定证据，必要时寻求律师和知识产权服务机构的专业帮助。',
      '普陀区科技企业联合创新服务平台已引入知识产权和法律服务机构，会员企业可以通过平台预约咨询。',
    ],
  },
  {
    title: '解读《普陀区科技型中小企业融资服务实施细则（示例）》',
    section: 'policy',
    publishedAt: '2016-06-28 15:00',
    status: 'published',
    summary:
      '【示例】以示例细则为例，介绍科技型中小企业可以利用的信用贷款、融资担保和贷款贴息等支持方式，帮助企业拓宽融资渠道。文号等信息为演示虚构。',
    topics: ['jinrong-fuwu', 'keji-zhengce'],
    bylines: BYLINE,
    hero: { motif: 'bars', seed: 23, subject: '科技金融政策解读' },
    policy: {
      originalTitle: '普陀区科技型中小企业融资服务实施细则（示例）',
      issuer: '普陀区科学技术委员会（示例）',
      documentNumber: '普科〔2016〕示例3号',
      issuedDate: '2016-06-15',
    },
    body: [
      SAMPLE_NOTE,
      '融资难、融资贵是许多科技型中小企业在成长阶段遇到的难题。示例细则从信用贷款、融资担保和贷款贴息三个方面提出支持措施。',
      { heading: '信用贷款' },
      '对缺少抵押物、但拥有核心技术和稳定订单的企业，示例细则鼓励合作银行以知识产权质押、应收账款等方式提供贷款。',
      { heading: '融资担保' },
      '示例细则支持政策性担保机构为科技型中小企业提供担保服务，并对企业支付的担保费给予一定补贴。',
      { heading: '贷款贴息' },
      '按期还本付息的企业，可按实际支付利息的一定比例申请贴息，每家企业每年的贴息额度设有上限。',
      '联合会提醒：规范的财务管理和良好的纳税、信用记录，是企业获得各类融资支持的基础。会员企业可以通过联合创新服务平台联系进驻的金融服务机构。',
    ],
  },
  {
    title: '科技人员职称申报受理工作要点解读（示例）',
    section: 'policy',
    publishedAt: '2016-07-12 10:00',
    status: 'published',
    summary:
      '【示例】结合区科协职称申报受理点建设，梳理企业科技人员申报职称的对象、材料和时间安排。通知名称、文号和时间节点为演示虚构，请以正式通知为准。',
    topics: ['renli-ziyuan'],
    bylines: BYLINE,
    hero: { motif: 'stairs', seed: 24, subject: '职称申报政策解读' },
    policy: {
      originalTitle: '关于做好2016年度科技人员职称申报受理工作的通知（示例）',
      issuer: '普陀区科学技术协会（示例）',
      documentNumber: '普科协〔2016〕示例4号',
      issuedDate: '2016-07-01',
    },
    body: [
      SAMPLE_NOTE,
      '开展科技人员职称申报受理点建设，是区科协科技服务工作的一项重要内容。受理点为企业科技人员提供政策咨询、材料预审和受理服务，方便大家就近申报。',
      { heading: '申报对象' },
      '在本区企业从事研发、技术服务等工作，符合相应专业技术职务任职资格条件的科技人员，可以通过所在单位申报。',
      { heading: '材料准备' },
      '申报人一般需准备申报表、学历和资历证明、专业技术工作总结、业绩成果和论文等材料。所有材料须真实、完整，并经所在单位审核、公示。',
      { heading: '时间安排' },
      '示例通知将受理工作安排在下半年集中进行，逾期不再受理。建议企业人事部门提前梳理本单位符合条件的人员，尽早做好材料准备。',
      '科技人才是企业创新的第一资源。联合会将配合区科协做好政策宣传，会员企业可向联合会秘书处了解受理点的具体安排。',
    ],
  },
  {
    title: '解读《普陀区科技企业人才服务办法（示例）》',
    section: 'policy',
    publishedAt: '2016-09-20 10:00',
    status: 'published',
    summary:
      '【示例】介绍示例办法中人才引进服务、培训补贴和用工法律咨询三方面措施，帮助科技企业用好人才政策、防范用工风险。文号等信息为演示虚构。',
    topics: ['renli-ziyuan', 'falv-fuwu'],
    bylines: BYLINE,
    hero: { motif: 'network', seed: 25, subject: '人才服务政策解读' },
    policy: {
      originalTitle: '普陀区科技企业人才服务办法（示例）',
      issuer: '普陀区科学技术委员会（示例）',
      documentNumber: '普科〔2016〕示例5号',
      issuedDate: '2016-09-01',
    },
    body: [
      SAMPLE_NOTE,
      '人才是科技企业发展的核心资源。示例办法围绕“引得进、留得住、用得好”，提出人才引进服务、培训补贴和用工法律咨询三方面措施。',
      { heading: '人才引进服务' },
      '对企业引进的高层次技术和管理人才，示例办法提供落户、居住证办理等方面的政策咨询和代办服务。',
      { heading: '培训补贴' },
      '企业组织员工参加经认定的专业技术培训，可以按规定申请培训费用补贴。',
      { heading: '用工法律咨询' },
      '示例办法支持律师事务所为科技企业提供劳动合同、竞业限制、保密协议和股权激励等方面的法律咨询，帮助企业防范用工风险。',
      '联合创新服务平台已引入人力资源和法律服务机构，会员企业可以通过平台提出服务需求。',
    ],
  },
]
