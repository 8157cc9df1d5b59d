import { describe, expect, it } from 'vitest'
import { pictureFromMedia } from './media'

const CMS = 'https://cms.example.org'

describe('pictureFromMedia', () => {
  it('orders candidates by width, AVIF before WebP, skipping sizes not made', () => {
    const picture = pictureFromMedia(
      {
        alt: '年会',
        caption: '',
        mimeType: 'image/jpeg',
        url: '/api/media/file/a.jpg',
        width: 1000,
        height: 500,
        sizes: {
          w800webp: { url: '/api/media/file/a-800.webp', width: 800 },
          w480webp: { url: '/api/media/file/a-480.webp', width: 480 },
          w480avif: { url: '/api/media/file/a,480.avif', width: 480 },
          w1200avif: { url: null, width: null },
          thumbnail: { url: '/x.png', width: 100 },
        },
      },
      CMS,
    )
    expect(picture).toEqual({
      sources: [
        { type: 'image/avif', srcset: `${CMS}/api/media/file/a%2C480.avif 480w` },
        { type: 'image/webp', srcset: `${CMS}/api/media/file/a-480.webp 480w, ${CMS}/api/media/file/a-800.webp 800w` },
      ],
      src: `${CMS}/api/media/file/a.jpg`,
      width: 1000,
      height: 500,
      alt: '年会',
      caption: null,
    })
  })

  it('returns null for what is not a usable image', () => {
    expect(pictureFromMedia(null, CMS)).toBeNull()
    expect(pictureFromMedia(7, CMS)).toBeNull()
    expect(pictureFromMedia({ mimeType: 'application/pdf', url: '/a.pdf', width: 1, height: 1 }, CMS)).toBeNull()
    expect(pictureFromMedia({ url: 'javascript:alert(1)', width: 1, height: 1 }, CMS)).toBeNull()
    expect(pictureFromMedia({ url: '/a.jpg', width: 0, height: 1 }, CMS)).toBeNull()
  })
})
