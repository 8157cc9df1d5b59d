import { safeHref } from './html'

/**
 * What a `<picture>` needs, computed once from a CMS media document so the
 * React hero image and the rich-text HTML (and through it RSS) agree.
 */
export type PictureData = {
  /** Modern formats first: the browser takes the first `type` it supports. */
  sources: { type: 'image/avif' | 'image/webp'; srcset: string }[]
  /** The original upload: what feed readers and old WeChat browsers show. */
  src: string
  width: number
  height: number
  alt: string
  caption: string | null
}

/** The article column is at most ~46rem wide; phones use the full viewport. */
export const CONTENT_IMAGE_SIZES = '(min-width: 52rem) 46rem, 100vw'

const SIZE_NAME = /^w(\d+)(avif|webp)$/

type SizeLike = { url?: unknown; width?: unknown; height?: unknown }

function positiveInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 100_000 ? value : null
}

/**
 * Reads the CMS's `sizes` (`w480avif`, `w800webp`, …, see cms Media.ts) by
 * name pattern rather than a fixed list, so adding a width in the CMS needs no
 * change here. Returns null for anything that is not a usable image.
 */
export function pictureFromMedia(media: unknown, cmsUrl: string): PictureData | null {
  if (!media || typeof media !== 'object') return null
  const doc = media as Record<string, unknown>
  if (typeof doc.mimeType === 'string' && !doc.mimeType.startsWith('image/')) return null
  const src = safeHref(doc.url, cmsUrl)
  const width = positiveInt(doc.width)
  const height = positiveInt(doc.height)
  if (!src?.startsWith('http') || !width || !height) return null

  const byFormat: Record<'avif' | 'webp', string[]> = { avif: [], webp: [] }
  const sizes = doc.sizes && typeof doc.sizes === 'object' ? (doc.sizes as Record<string, SizeLike>) : {}
  const entries = Object.entries(sizes)
    .map(([name, size]) => ({ match: SIZE_NAME.exec(name), size }))
    .filter((e) => e.match && e.size && typeof e.size === 'object')
    .sort((a, b) => Number(a.match![1]) - Number(b.match![1]))
  for (const { match, size } of entries) {
    const url = safeHref(size.url, cmsUrl)
    const w = positiveInt(size.width)
    // withoutEnlargement: sizes wider than the original are not made; skip the empty entries.
    if (!url?.startsWith('http') || !w) continue
    // A comma would end a srcset candidate early.
    byFormat[match![2] as 'avif' | 'webp'].push(`${url.replace(/,/g, '%2C')} ${w}w`)
  }
  const sources: PictureData['sources'] = []
  if (byFormat.avif.length) sources.push({ type: 'image/avif', srcset: byFormat.avif.join(', ') })
  if (byFormat.webp.length) sources.push({ type: 'image/webp', srcset: byFormat.webp.join(', ') })

  return {
    sources,
    src,
    width,
    height,
    alt: typeof doc.alt === 'string' ? doc.alt : '',
    caption: typeof doc.caption === 'string' && doc.caption.trim() ? doc.caption : null,
  }
}
