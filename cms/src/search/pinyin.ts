import { pinyin } from 'pinyin-pro'

/**
 * Pinyin search over titles and topic names: `nianhui`, `nian hui`, `nh` and
 * `zgc` find 年会 and 中关村. A title is kept as its syllables (`titlePinyin`,
 * stored beside the article's index row, since pinyin-pro takes about half a
 * millisecond a title); the index holds keys of two and three adjacent
 * syllables, as full syllables (`nian'hui`) and as initials (`nh`), so a query
 * of two or three syllables is answered by its keys alone, and a longer one by
 * every three-syllable window (as Han trigrams tell a phrase, see segment.ts).
 */

/** Stretches of Han characters are separated by this in the stored form. */
const BREAK = '|'

/** "zhong guan cun|nian hui": the syllables of each stretch of Han text, ü written v as phone keyboards type it. */
export function titlePinyin(title: string): string {
  const parts: string[][] = [[]]
  for (const char of pinyin(title, { toneType: 'none', type: 'all', v: true })) {
    if (char.isZh && /^[a-z]+$/.test(char.pinyin)) parts.at(-1)!.push(char.pinyin)
    else if (parts.at(-1)!.length > 0) parts.push([])
  }
  return parts
    .filter((p) => p.length > 0)
    .map((p) => p.join(' '))
    .join(BREAK)
}

const fullKey = (syllables: string[]) => syllables.join("'")
const initialsKey = (syllables: string[]) => `^${syllables.map((s) => s[0]).join('')}`

/** The index keys of a stored `titlePinyin`: every window of two and three syllables, full and as initials. */
export function pinyinKeys(stored: string): string[] {
  const keys = new Set<string>()
  for (const part of stored.split(BREAK)) {
    const syllables = part.split(' ').filter(Boolean)
    for (const n of [2, 3]) {
      for (let i = 0; i + n <= syllables.length; i++) {
        const window = syllables.slice(i, i + n)
        keys.add(fullKey(window))
        keys.add(initialsKey(window))
      }
    }
  }
  return [...keys]
}

let syllableSet: Set<string> | null = null

/** Every toneless syllable pinyin-pro knows (about 400), read once from its own readings of the CJK block. */
function syllables(): Set<string> {
  if (syllableSet) return syllableSet
  let block = ''
  for (let code = 0x4e00; code <= 0x9fff; code++) block += String.fromCharCode(code)
  syllableSet = new Set(pinyin(block, { toneType: 'none', type: 'array', v: true }).filter((s) => /^[a-z]+$/.test(s)))
  return syllableSet
}

/** Ways to cut a run of letters into syllables (xian → xian, xi·an), at most `limit`. */
function segmentations(letters: string, known: Set<string>, limit = 4): string[][] {
  const out: string[][] = []
  const walk = (start: number, path: string[]) => {
    if (out.length >= limit) return
    if (start === letters.length) {
      out.push(path)
      return
    }
    // Longest syllable first: zhongguancun reads zhong·guan·cun before zhong·gua·n….
    for (let end = Math.min(letters.length, start + 6); end > start; end--) {
      const piece = letters.slice(start, end)
      if (known.has(piece)) walk(end, [...path, piece])
    }
  }
  walk(0, [])
  return out
}

/** One way to read the query: the index keys that must all hold. */
export type PinyinPattern = { keys: string[]; syllables: string[] | null; initials: string | null }

const MAX_INITIALS = 8

/**
 * The pinyin readings of a query of Latin letters (already lower-cased):
 * whole syllables (spaces and apostrophes are syllable breaks), or initials
 * when it cannot be read as two or more syllables. Null when the query is not
 * pinyin (digits, other scripts) or reads as a single syllable, which would
 * match half the titles.
 */
export function parsePinyinQuery(query: string): PinyinPattern[] | null {
  if (!/^[a-z' ]+$/.test(query)) return null
  const chunks = query.split(/[' ]+/).filter(Boolean)
  if (chunks.length === 0) return null
  const known = syllables()
  const patterns: PinyinPattern[] = []
  // Full syllables: each chunk cut into syllables, all chunks in order.
  let readings: string[][] = [[]]
  for (const chunk of chunks) {
    const cuts = segmentations(chunk, known)
    readings = readings.flatMap((r) => cuts.map((c) => [...r, ...c])).slice(0, 4)
    if (readings.length === 0) break
  }
  for (const reading of readings) if (reading.length >= 2) patterns.push(windowed(reading, fullKey, reading, null))
  const letters = chunks.join('')
  if (patterns.length === 0 && chunks.length === 1 && letters.length >= 2 && letters.length <= MAX_INITIALS) {
    const initials = Array.from(letters)
    patterns.push(windowed(initials, (w) => `^${w.join('')}`, null, letters))
  }
  return patterns.length > 0 ? patterns : null
}

function windowed(
  parts: string[],
  key: (window: string[]) => string,
  syllables: string[] | null,
  initials: string | null,
): PinyinPattern {
  const n = Math.min(3, parts.length)
  const keys: string[] = []
  for (let i = 0; i + n <= parts.length; i++) keys.push(key(parts.slice(i, i + n)))
  return { keys, syllables, initials }
}

/** Whether a stored `titlePinyin` (a topic's name) holds the pattern as adjacent syllables. */
export function pinyinMatches(stored: string, pattern: PinyinPattern): boolean {
  const keys = new Set(pinyinKeys(stored))
  return pattern.keys.every((k) => keys.has(k))
}
