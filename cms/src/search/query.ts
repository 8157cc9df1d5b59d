import { type PinyinPattern, parsePinyinQuery } from './pinyin'
import { hanGrams, isHan, normalizeForSearch, segmentWords, type Word } from './segment'
import { toSimplified } from './traditional'

/** Readers type a few words; anything longer is a paste accident or an attack. */
export const MAX_QUERY_LENGTH = 100
/** Every word is one more set to intersect: past this many the query is a paste, not a search. */
const MAX_QUERY_WORDS = 10

type SearchQueryError = {
  ok: false
  code: 'EMPTY_QUERY' | 'QUERY_TOO_LONG' | 'NO_SEARCHABLE_WORDS' | 'TOO_MANY_WORDS'
  /** For people, in Chinese. */
  message: string
}

export type ParsedSearchQuery = {
  ok: true
  /** The query as searched: normalised, spaces collapsed. */
  query: string
  /** What to highlight: each run of the query as typed (normalised), longest first. */
  terms: string[]
  /** Finds documents: every run must match (AND). For `to_tsquery('simple', $1)`; every lexeme quoted. */
  matchQuery: string
  /** Scores documents: any lexeme of the query (OR), so real word matches add to the bigram matches. */
  rankQuery: string
  /**
   * The same runs for the in-memory index: `match` must all be present (the
   * lexemes of matchQuery), `phrase` (Han trigrams) tell the run as typed from
   * its characters scattered.
   */
  runs: { source: string; match: string[]; phrase: string[] }[]
  /** Readings of a query of Latin letters as pinyin (nianhui, zgc), searched in titles and topic names. */
  pinyin: PinyinPattern[] | null
  /** The query as typed, when it was 繁体 and `query` is its 简体 (年會 → 年会). */
  convertedFrom: string | null
}

export type SearchQueryResult = ParsedSearchQuery | SearchQueryError

const MESSAGES: Record<SearchQueryError['code'], string> = {
  EMPTY_QUERY: '请输入要搜索的字词。',
  QUERY_TOO_LONG: `搜索词太长了，请控制在 ${MAX_QUERY_LENGTH} 个字以内。`,
  NO_SEARCHABLE_WORDS: '没有找到可以搜索的字词，请输入中文词语、英文单词或数字。',
  TOO_MANY_WORDS: `搜索词太多了，请精简到 ${MAX_QUERY_WORDS} 个词以内。`,
}

function fail(code: SearchQueryError['code']): SearchQueryError {
  return { ok: false, code, message: MESSAGES[code] }
}

/** A tsquery operand. Tokens hold only letters, digits and marks, but quote and escape anyway: this text reaches SQL. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/** Words that follow each other with nothing between them form one run ("中关村", "www.example.com"). */
function groupRuns(words: Word[]): Word[][] {
  const runs: Word[][] = []
  for (const word of words) {
    const current = runs.at(-1)
    if (current && word.joined) current.push(word)
    else runs.push([word])
  }
  return runs
}

/**
 * The lexemes one run must all match. Han text is matched by its character
 * bigrams (as indexed by `indexTokens`), so a word is found wherever it
 * stands, however the segmenter cut the surrounding sentence; a lone Han
 * character must match a whole one-character word; other words match as words.
 */
function runLexemes(run: Word[], source: string): string[] {
  const lexemes: string[] = []
  for (const word of run) {
    const hasHan = Array.from(word.text).some(isHan)
    const allHan = Array.from(word.text).every(isHan)
    if (!hasHan || !allHan) lexemes.push(word.text)
  }
  for (const stretch of source.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = Array.from(stretch)
    if (chars.length === 1) lexemes.push(stretch)
    for (let i = 0; i + 1 < chars.length; i++) lexemes.push(chars[i] + chars[i + 1])
  }
  return [...new Set(lexemes)]
}

/**
 * Turns what a reader typed into tsquery text. Never throws: a query that
 * cannot be searched comes back as a coded error with a Chinese message.
 */
export function parseSearchQuery(raw: unknown): SearchQueryResult {
  if (typeof raw !== 'string') return fail('EMPTY_QUERY')
  const trimmed = raw.trim()
  if (!trimmed) return fail('EMPTY_QUERY')
  // Count code points before normalising: NFKC can grow a string (㍿ → 株式会社).
  if (Array.from(trimmed).length > MAX_QUERY_LENGTH) return fail('QUERY_TOO_LONG')

  const typed = normalizeForSearch(trimmed).replace(/\s+/g, ' ').trim()
  // Traditional characters are searched as the simplified text articles are written in.
  const normalized = normalizeForSearch(toSimplified(typed))
  const words = segmentWords(normalized)
  if (words.length === 0) return fail('NO_SEARCHABLE_WORDS')

  const runs = groupRuns(words).map((run) => {
    const source = normalized.slice(run[0].start, run.at(-1)!.end)
    return { source, words: run, lexemes: runLexemes(run, source) }
  })
  const usable = runs.filter((run) => run.lexemes.length > 0)
  if (usable.length === 0) return fail('NO_SEARCHABLE_WORDS')
  if (usable.length > MAX_QUERY_WORDS) return fail('TOO_MANY_WORDS')

  const group = (lexemes: string[], op: ' & ' | ' | ') =>
    lexemes.length === 1 ? quoteLexeme(lexemes[0]) : `(${lexemes.map(quoteLexeme).join(op)})`
  const matchQuery = usable.map((run) => group(run.lexemes, ' & ')).join(' & ')
  // Single Han characters the segmenter split off (中|关|村) would score every 中 in the text: rank by bigrams instead.
  const rankWords = (run: (typeof usable)[number]) =>
    run.words.map((w) => w.text).filter((text) => Array.from(text).length > 1 || !isHan(text))
  const everyLexeme = new Set(usable.flatMap((run) => [...run.lexemes, ...rankWords(run)]))
  const rankQuery = [...everyLexeme].map(quoteLexeme).join(' | ')
  const terms = [...new Set(usable.map((run) => run.source))].sort((a, b) => b.length - a.length)

  return {
    ok: true,
    query: normalized,
    terms,
    matchQuery,
    rankQuery,
    runs: usable.map((run) => ({
      source: run.source,
      match: run.lexemes,
      phrase: [...new Set(hanGrams(run.source, 3))],
    })),
    pinyin: parsePinyinQuery(normalized),
    convertedFrom: normalized === typed ? null : typed,
  }
}
