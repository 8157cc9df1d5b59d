import { Converter } from 'opencc-js/t2cn'

// OpenCC's Taiwan and Hong Kong tables, each to mainland simplified: 年會 → 年会, 園區 → 园区, 裡面 → 里面.
const fromTaiwan = Converter({ from: 'tw', to: 'cn' })
const fromHongKong = Converter({ from: 'hk', to: 'cn' })

/**
 * A reader's query in 繁体 as the 简体 our articles are written in. OpenCC
 * converts by phrase, so simplified text passes through unchanged (乾隆 stays,
 * 乾燥 becomes 干燥) and a simplified query is never bent.
 */
export function toSimplified(text: string): string {
  return fromHongKong(fromTaiwan(text))
}
