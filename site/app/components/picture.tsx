import { preload } from 'react-dom'
import { CONTENT_IMAGE_SIZES, type PictureData } from '~/lib/media'

/**
 * `<picture>` with AVIF and WebP candidates and the original as fallback.
 * `priority` is for the one image that is the page's largest paint (the hero):
 * loaded eagerly and early; every other image waits until it is near the viewport.
 */
export function Picture({
  picture,
  sizes = CONTENT_IMAGE_SIZES,
  priority = false,
  className,
}: {
  picture: PictureData
  sizes?: string
  priority?: boolean
  className?: string
}) {
  // The hero is the page's largest paint: React hoists this into <head>, so the browser asks for the
  // first (smallest) modern format it supports before it has parsed the page body. Browsers skip
  // preloads whose type they cannot decode, and the <source> order below gives the same choice.
  if (priority) {
    const best = picture.sources[0]
    preload(picture.src, {
      as: 'image',
      fetchPriority: 'high',
      ...(best ? { imageSrcSet: best.srcset, imageSizes: sizes, type: best.type } : {}),
    })
  }
  return (
    <picture className={className}>
      {picture.sources.map((source) => (
        <source key={source.type} type={source.type} srcSet={source.srcset} sizes={sizes} />
      ))}
      <img
        src={picture.src}
        alt={picture.alt}
        width={picture.width}
        height={picture.height}
        loading={priority ? 'eager' : 'lazy'}
        decoding={priority ? 'auto' : 'async'}
        fetchPriority={priority ? 'high' : undefined}
      />
    </picture>
  )
}
