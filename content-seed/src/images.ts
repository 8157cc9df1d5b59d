/**
 * Illustrations for the sample articles, drawn locally: an SVG composed here is
 * rasterised by sharp (librsvg). Nothing is downloaded, so a fresh clone seeds
 * offline and the repository carries no binary images.
 *
 * Text in the pictures is Latin and digits only: librsvg draws Chinese through
 * fontconfig, and a machine without a CJK font (fonts-noto-cjk is not a given,
 * and absent on the build machine) would show tofu boxes. The Chinese meaning is
 * carried by the alt text instead, which is what screen readers and search see.
 */
import sharp from 'sharp'

export type SectionValue = 'news' | 'policy' | 'park' | 'notice'

/** The abstract motif of a picture; each has a Chinese description for its alt text. */
export type Motif = 'network' | 'rings' | 'bars' | 'grid' | 'documents' | 'map' | 'stairs' | 'waves'

export type ImageSpec = {
  section: SectionValue
  motif: Motif
  /** Any integer: varies the layout so pictures of one motif still differ. */
  seed: number
  /** Shown small under the section word, e.g. a date "2016.04.18"; Latin and digits only. */
  caption: string
  width?: number
  height?: number
}

export type RenderedImage = {
  data: Buffer
  mimetype: 'image/jpeg'
  width: number
  height: number
}

/** Federation colours: deep blue with a red accent; the notice section flips them to stand out. */
const PALETTES: Record<SectionValue, { from: string; to: string; accent: string; line: string; word: string }> = {
  news: { from: '#0a2456', to: '#1b4fa0', accent: '#d6283b', line: '#7fa7e6', word: 'NEWS' },
  policy: { from: '#07193d', to: '#16386f', accent: '#c8102e', line: '#e3c27a', word: 'POLICY' },
  park: { from: '#0b2d52', to: '#17617f', accent: '#d6283b', line: '#8fd3c7', word: 'PARKS' },
  notice: { from: '#8e1020', to: '#c8102e', accent: '#0a2456', line: '#f4b8bf', word: 'NOTICE' },
}

const SECTION_LABELS: Record<SectionValue, string> = {
  news: '新闻动态',
  policy: '政策解读',
  park: '合作园区',
  notice: '通知公告',
}

const MOTIF_DESCRIPTIONS: Record<Motif, string> = {
  network: '由圆点和连线交织成的网络图形，寓意互联创新',
  rings: '一组向外扩散的同心圆环，寓意以企业为圆心的服务辐射圈',
  bars: '高低错落的柱状图形，寓意统计数据与成绩',
  grid: '由方格和色块组成的几何网格',
  documents: '层叠的文件页面和标题横线，寓意政策文件',
  map: '点阵地图与定位标记，寓意园区位置',
  stairs: '逐级上升的台阶图形，寓意发展与进步',
  waves: '舒展的波浪线条，寓意通知信息的传播',
}

/** Small deterministic PRNG (mulberry32): the same seed always draws the same picture. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const r1 = (n: number) => Math.round(n * 10) / 10

function motifSvg(motif: Motif, rnd: () => number, w: number, h: number, line: string, accent: string): string {
  const parts: string[] = []
  // Motifs occupy the right part, leaving the lower left for the section word
  // and the top band for the federation's name.
  const x0 = w * 0.42
  switch (motif) {
    case 'network': {
      const nodes = Array.from({ length: 22 }, () => ({ x: x0 + rnd() * (w - x0 - 60), y: 140 + rnd() * (h - 200) }))
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const d = Math.hypot(nodes[i].x - nodes[j].x, nodes[i].y - nodes[j].y)
          if (d < 260) {
            parts.push(
              `<line x1="${r1(nodes[i].x)}" y1="${r1(nodes[i].y)}" x2="${r1(nodes[j].x)}" y2="${r1(nodes[j].y)}" stroke="${line}" stroke-opacity="${r1(0.55 - d / 700)}" stroke-width="2"/>`,
            )
          }
        }
      }
      for (const [i, n] of nodes.entries()) {
        const hub = i % 5 === 0
        parts.push(
          `<circle cx="${r1(n.x)}" cy="${r1(n.y)}" r="${hub ? 14 : 7}" fill="${hub ? accent : '#ffffff'}" fill-opacity="${hub ? 1 : 0.85}"/>`,
        )
      }
      break
    }
    case 'rings': {
      const cx = x0 + (w - x0) * (0.45 + rnd() * 0.2)
      const cy = h * (0.4 + rnd() * 0.2)
      for (let i = 9; i >= 1; i--) {
        parts.push(
          `<circle cx="${r1(cx)}" cy="${r1(cy)}" r="${i * 52}" fill="none" stroke="${i % 3 === 0 ? accent : line}" stroke-opacity="${r1(0.9 - i * 0.08)}" stroke-width="${i % 3 === 0 ? 6 : 2}"/>`,
        )
      }
      parts.push(`<circle cx="${r1(cx)}" cy="${r1(cy)}" r="30" fill="${accent}"/>`)
      break
    }
    case 'bars': {
      const n = 9
      const bw = (w - x0 - 120) / n
      for (let i = 0; i < n; i++) {
        const bh = 120 + rnd() * (h - 320) + i * 18
        parts.push(
          `<rect x="${r1(x0 + 40 + i * bw)}" y="${r1(h - 90 - bh)}" width="${r1(bw * 0.62)}" height="${r1(bh)}" rx="6" fill="${i === n - 2 ? accent : line}" fill-opacity="${i === n - 2 ? 1 : 0.55}"/>`,
        )
      }
      parts.push(
        `<line x1="${r1(x0)}" y1="${h - 88}" x2="${w - 50}" y2="${h - 88}" stroke="#ffffff" stroke-opacity="0.6" stroke-width="3"/>`,
      )
      break
    }
    case 'grid': {
      const size = 86
      for (let gx = x0; gx < w - 40; gx += size) {
        for (let gy = 130; gy < h - 40; gy += size) {
          const v = rnd()
          if (v < 0.55) {
            parts.push(
              `<rect x="${r1(gx)}" y="${r1(gy)}" width="${size - 12}" height="${size - 12}" rx="8" fill="${v < 0.08 ? accent : line}" fill-opacity="${v < 0.08 ? 0.95 : r1(0.12 + v * 0.5)}"/>`,
            )
          }
        }
      }
      break
    }
    case 'documents': {
      for (let i = 0; i < 4; i++) {
        const x = x0 + 90 + i * 70 + rnd() * 20
        const y = 110 + i * 45
        parts.push(
          `<g transform="rotate(${r1(-8 + i * 4 + rnd() * 3)} ${r1(x + 220)} ${r1(y + 300)})"><rect x="${r1(x)}" y="${r1(y)}" width="440" height="600" rx="14" fill="#ffffff" fill-opacity="${r1(0.1 + i * 0.18)}" stroke="${line}" stroke-opacity="0.6" stroke-width="2"/></g>`,
        )
      }
      const x = x0 + 300
      const y = 245
      parts.push(`<rect x="${x + 40}" y="${y + 40}" width="260" height="22" rx="6" fill="${accent}"/>`)
      for (let k = 0; k < 8; k++) {
        parts.push(
          `<rect x="${x + 40}" y="${y + 100 + k * 42}" width="${r1(220 + rnd() * 120)}" height="12" rx="6" fill="${line}" fill-opacity="0.8"/>`,
        )
      }
      break
    }
    case 'map': {
      for (let gx = x0; gx < w - 30; gx += 34) {
        for (let gy = 40; gy < h - 40; gy += 34) {
          // A soft blob of dots suggests land without claiming any real geography.
          const dx = (gx - (x0 + (w - x0) / 2)) / (w - x0)
          const dy = (gy - h / 2) / h
          const inside = dx * dx * 2.2 + dy * dy * 3.2 + (rnd() - 0.5) * 0.18 < 0.42
          if (inside) parts.push(`<circle cx="${r1(gx)}" cy="${r1(gy)}" r="5" fill="${line}" fill-opacity="0.6"/>`)
        }
      }
      const px = x0 + (w - x0) * (0.35 + rnd() * 0.3)
      const py = h * (0.35 + rnd() * 0.2)
      parts.push(
        `<circle cx="${r1(px)}" cy="${r1(py + 110)}" r="36" fill="none" stroke="${accent}" stroke-width="6"/>`,
        `<path d="M ${r1(px)} ${r1(py + 110)} C ${r1(px - 70)} ${r1(py + 10)}, ${r1(px - 60)} ${r1(py - 70)}, ${r1(px)} ${r1(py - 70)} C ${r1(px + 60)} ${r1(py - 70)}, ${r1(px + 70)} ${r1(py + 10)}, ${r1(px)} ${r1(py + 110)} Z" fill="${accent}"/>`,
        `<circle cx="${r1(px)}" cy="${r1(py - 10)}" r="24" fill="#ffffff"/>`,
      )
      break
    }
    case 'stairs': {
      const steps = 7
      const sw = (w - x0 - 80) / steps
      for (let i = 0; i < steps; i++) {
        const sh = 80 + i * ((h - 260) / steps) + rnd() * 20
        parts.push(
          `<rect x="${r1(x0 + 40 + i * sw)}" y="${r1(h - 60 - sh)}" width="${r1(sw - 10)}" height="${r1(sh)}" fill="${line}" fill-opacity="${r1(0.15 + i * 0.1)}"/>`,
        )
      }
      parts.push(
        `<path d="M ${r1(x0 + 40)} ${h - 170} L ${w - 90} 120" stroke="${accent}" stroke-width="10" stroke-linecap="round"/>`,
        `<path d="M ${w - 150} 110 L ${w - 80} 116 L ${w - 110} 178" fill="none" stroke="${accent}" stroke-width="10" stroke-linecap="round" stroke-linejoin="round"/>`,
      )
      break
    }
    case 'waves': {
      for (let i = 0; i < 12; i++) {
        const y = 120 + i * 56
        const a = 30 + rnd() * 40
        const p = rnd() * 200
        parts.push(
          `<path d="M ${r1(x0 - 40)} ${y} C ${r1(x0 + 200 + p)} ${r1(y - a)}, ${r1(x0 + 500 - p)} ${r1(y + a)}, ${w + 20} ${r1(y - a / 2)}" fill="none" stroke="${i === 6 ? accent : line}" stroke-opacity="${i === 6 ? 1 : r1(0.2 + (i % 4) * 0.12)}" stroke-width="${i === 6 ? 7 : 3}"/>`,
        )
      }
      break
    }
  }
  return parts.join('')
}

/** Escapes the few characters that matter inside SVG text. */
function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function composeSvg(spec: ImageSpec): string {
  const w = spec.width ?? 1600
  const h = spec.height ?? 900
  const p = PALETTES[spec.section]
  const rnd = random(spec.seed * 7919 + spec.motif.length)
  const font = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
<defs>
  <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="${p.from}"/><stop offset="1" stop-color="${p.to}"/>
  </linearGradient>
  <radialGradient id="glow" cx="0.8" cy="0.2" r="0.7">
    <stop offset="0" stop-color="#ffffff" stop-opacity="0.18"/><stop offset="1" stop-color="#ffffff" stop-opacity="0"/>
  </radialGradient>
</defs>
<rect width="${w}" height="${h}" fill="url(#bg)"/>
<rect width="${w}" height="${h}" fill="url(#glow)"/>
${motifSvg(spec.motif, rnd, w, h, p.line, p.accent)}
<rect x="80" y="${h - 320}" width="120" height="12" fill="${p.accent === '#0a2456' ? '#ffffff' : p.accent}"/>
<text x="76" y="${h - 160}" font-family="${font}" font-weight="bold" font-size="128" letter-spacing="6" fill="#ffffff">${xml(p.word)}</text>
<text x="82" y="${h - 100}" font-family="${font}" font-size="34" letter-spacing="3" fill="#ffffff" fill-opacity="0.85">${xml(spec.caption)}</text>
<text x="82" y="90" font-family="${font}" font-size="26" letter-spacing="5" fill="#ffffff" fill-opacity="0.7">PUTUO SCI-TECH ENTERPRISE FEDERATION</text>
</svg>`
}

/**
 * JPEG rather than PNG: gradients make PNGs of this size ~1 MB, a JPEG is a
 * tenth of that. The CMS derives AVIF/WebP sizes from it for readers anyway.
 */
export async function renderImage(spec: ImageSpec): Promise<RenderedImage> {
  const width = spec.width ?? 1600
  const height = spec.height ?? 900
  const data = await sharp(Buffer.from(composeSvg(spec)))
    .jpeg({ quality: 84, progressive: true, chromaSubsampling: '4:2:0' })
    .toBuffer()
  return { data, mimetype: 'image/jpeg', width, height }
}

/** Chinese alt text that says what the picture shows, not just what it is for. */
export function describeImage(spec: ImageSpec, subject: string): string {
  const colour = spec.section === 'notice' ? '红色渐变背景' : '深蓝色渐变背景'
  return `${SECTION_LABELS[spec.section]}栏目配图（${subject}）：${colour}上${MOTIF_DESCRIPTIONS[spec.motif]}，左下角有英文栏目名“${PALETTES[spec.section].word}”和“${spec.caption}”字样。`
}
