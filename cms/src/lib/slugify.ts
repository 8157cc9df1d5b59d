import { pinyin } from 'pinyin-pro'

const MAX_SLUG_LENGTH = 60
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' })

/**
 * The one slug function. Each word that Intl.Segmenter finds becomes its toneless
 * pinyin run together ("科技" → "keji"), words are joined by hyphens, and the slug
 * is cut at a word boundary, so it stays short and readable:
 * "普陀区科技企业联合会举办2016年年会" → "putuo-qu-keji-qiye-lianhe-hui-juban-2016-nian-nian-hui".
 * Latin letters and digits pass through lower-cased; everything else separates words.
 */
export function slugify(input: string, maxLength = MAX_SLUG_LENGTH): string {
  const words: string[] = []
  for (const { segment, isWordLike } of segmenter.segment(input.normalize('NFKC'))) {
    if (!isWordLike) continue
    const romanised = pinyin(segment, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
    if (romanised) words.push(romanised)
  }
  let slug = ''
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word
    if (next.length > maxLength) {
      if (!slug) slug = word.slice(0, maxLength)
      break
    }
    slug = next
  }
  return slug
}

/** A slug as an editor may type it: lower-case latin letters, digits and single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export function isValidSlug(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 120 && SLUG_PATTERN.test(value)
}
