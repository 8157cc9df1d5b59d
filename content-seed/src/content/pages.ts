/**
 * Standing pages and site settings. Only what the 2016 meeting report states
 * is presented as fact; the office address, phone, e-mail and record numbers
 * are unknown to us and are visibly marked 示例 so nobody ships them by accident.
 */
import type { SeedPage, SeedSiteSettings } from './types'

export const pages: SeedPage[] = [
  {
    title: '联合会简介',
    slug: 'about',
    summary:
      '普陀区科技企业联合会在普陀区科协指导下开展工作，是联系政府与科技企业的桥梁和纽带，为区域科技企业提供政策、交流和专业服务。',
    body: [
      { heading: '我们是谁' },
      '普陀区科技企业联合会是由普陀区科技企业组成的社会组织，在普陀区科学技术协会的指导下、在理事会的领导下开展工作，发挥政府与企业之间的桥梁和纽带作用。',
      '联合会理事长为史和平，秘书长为高国庆。出席联合会2016年年会的理事长单位、常务理事单位和理事单位分别有12家、41家和13家。',
      { heading: '我们做什么' },
      '政策服务：组织以科技政策为主的宣讲、辅导和培训，2015年共举办136场，帮助企业及时了解、用足用好政策。',
      '合作交流：组织会员单位开展项目合作与交流，对接江苏中关村科技产业园等合作园区，2015年共组织合作交流活动10次。',
      '服务政府：承接区科委科技企业年报统计等工作，推荐企业代表参加上海市民营科技企业代表人士研修班。',
      '平台服务：运营普陀区科技企业联合创新服务平台，向会员单位精准推送信息，并引入项目申报、知识产权、金融、法律、人力资源等专业服务机构。',
      '社会责任：开展助学帮困等公益活动，发扬奉献爱心的精神。',
      { heading: '加入我们' },
      '欢迎在普陀区注册的科技企业申请加入联合会。入会条件和办理方式请见“通知公告”栏目中的会员发展通知，或通过“联系我们”页面与秘书处联系。',
    ],
  },
  {
    title: '联系我们',
    slug: 'contact',
    summary: '普陀区科技企业联合会秘书处的联系方式（示例信息，正式上线前请替换）。',
    body: [
      '说明：以下地址、电话和邮箱均为示例信息，正式上线前请在“站点设置”和本页面中替换为真实信息。',
      { heading: '秘书处' },
      '地址：上海市普陀区（示例地址）',
      '电话：021-0000 0000（示例）',
      '邮箱：contact@example.org（示例）',
      '办公时间：工作日 9:00—17:00（示例）',
      { heading: '可以咨询的事项' },
      '会员入会、政策宣讲与培训报名、联合创新服务平台进驻、合作园区对接等事宜，欢迎来电或来函咨询。',
      '如需订阅本站内容，可在“订阅”页面按专题订阅电子邮件，或使用 RSS 阅读器订阅全站、栏目或专题。',
    ],
  },
]

export const siteSettings: SeedSiteSettings = {
  siteName: '普陀区科技企业联合会',
  description:
    '普陀区科技企业联合会官方网站：发布联合会新闻动态、科技政策解读、合作园区介绍和通知公告，按专题为区域科技企业精准推送信息。',
  contact: {
    address: '上海市普陀区（示例地址）',
    phone: '021-0000 0000（示例）',
    email: 'contact@example.org',
  },
  footer: {
    icp: '沪ICP备00000000号（示例）',
    psb: '沪公网安备00000000000000号（示例）',
    copyright: '© 普陀区科技企业联合会 版权所有',
  },
  navigation: [
    { label: '首页', url: '/' },
    { label: '新闻动态', url: '/sections/news' },
    { label: '政策解读', url: '/sections/policy' },
    { label: '合作园区', url: '/sections/park' },
    { label: '通知公告', url: '/sections/notice' },
    { label: '专题', url: '/topics' },
    { label: '关于我们', url: '/about' },
  ],
}
