import type { Article } from '@newsroom/cms/types'

export type Section = Article['section']

/**
 * The four sections and their names. The values are part of the public URL
 * contract (/sections/:section, SPEC.md); the record type makes the compiler
 * complain here when the CMS adds one.
 */
export const SECTION_LABELS: Record<Section, string> = {
  news: '新闻动态',
  policy: '政策解读',
  park: '合作园区',
  notice: '通知公告',
}

export const SECTION_DESCRIPTIONS: Record<Section, string> = {
  news: '联合会会议、活动与工作动态。',
  policy: '科技政策的要点解读，附政策原文信息。',
  park: '联合会合作园区的介绍与概况。',
  notice: '联合会发布的通知与公告。',
}

export const SECTIONS = Object.keys(SECTION_LABELS) as Section[]

export function isSection(value: unknown): value is Section {
  return typeof value === 'string' && Object.hasOwn(SECTION_LABELS, value)
}
