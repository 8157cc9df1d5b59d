/**
 * Chinese-aware tokenising shared by indexing and querying: both sides must cut
 * text the same way or a word in the query never meets its twin in the index.
 * See CONTEXT.md beside this file for the vocabulary (word, run, gram).
 */

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' })

/** Longer tokens are hashes, base64 or garbage, never something a reader types. */
export const MAX_TOKEN_LENGTH = 64

const HAN = /\p{Script=Han}/u
const NON_TOKEN = /[^\p{L}\p{N}\p{M}]+/u
// XML-illegal controls and the like; the segmenter would pass some of them through as "words".
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]/g

export function isHan(char: string): boolean {
  return HAN.test(char)
}

// Marks on a Han character: variation selectors (葛 + U+E0100 in a name) and stray accents. They change no
// meaning a reader searches for, and left in place they glue the character into a token ("葛\u{E0100}") that
// neither a search for 葛 nor any bigram reaches (found by test/properties/segmentation.test.ts).
const MARKS_ON_HAN = /(\p{Script=Han})\p{M}+/gu
// A word must hold a letter or digit: PostgreSQL's parser drops a bare run of marks, so it could never match.
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u

/** NFKC folds full-width Latin and digits (ＡＢＣ１２３ → abc123); lower-casing matches the `simple` configuration. */
export function normalizeForSearch(text: string): string {
  return text.replace(CONTROL, ' ').normalize('NFKC').toLowerCase().replace(MARKS_ON_HAN, '$1')
}

/**
 * One word from the segmenter, already normalised. `joined` is true when it
 * follows the previous word with nothing in between ("中关村" → 中|关|村 are
 * joined; "中关村 科技" starts a new run at 科技). `start`/`end` index the
 * normalised text.
 */
export type Word = { text: string; joined: boolean; start: number; end: number }

/**
 * Words of `normalized` text (call normalizeForSearch first). A segmenter word
 * holding punctuation ("3.14", "www.example.com") is split into its letter
 * and digit parts, which stay joined: PostgreSQL's parser would split them the
 * same way, and each token must stay exactly one lexeme.
 */
export function segmentWords(normalized: string): Word[] {
  const words: Word[] = []
  let lastEnd = -1
  for (const { segment, index, isWordLike } of segmenter.segment(normalized)) {
    if (!isWordLike) continue
    let offset = 0
    let first = true
    for (const part of segment.split(NON_TOKEN)) {
      if (!part || !LETTER_OR_DIGIT.test(part)) continue
      const start = index + segment.indexOf(part, offset)
      offset = start - index + part.length
      const end = start + part.length
      // Parts of one segmenter word ("www.example.com") stay joined across their punctuation.
      const joined = start === lastEnd || (!first && words.length > 0)
      if (part.length <= MAX_TOKEN_LENGTH) words.push({ text: part, joined, start, end })
      lastEnd = end
      first = false
    }
  }
  return words
}

/**
 * The lexemes a text is indexed under, in reading order: every word, and
 * after it the character bigrams of the Han text it starts (bigrams run across
 * word boundaries inside one unbroken stretch of Han characters). Bigrams make
 * "北京" findable inside "北京市" or "民营" inside "上海|市民|营", which
 * the segmenter cuts differently in context than in a two-word query.
 */
export function indexTokens(text: string): string[] {
  return analyse(text).tokens
}

/**
 * A text's index tokens (indexTokens) and its in-memory terms (searchTerms)
 * from one pass of the segmenter, which is most of what indexing an article
 * costs (about 5 ms for 800 characters of Chinese).
 */
export function analyse(
  text: string,
  { unigrams = false }: { unigrams?: boolean } = {},
): { tokens: string[]; terms: Set<string> } {
  const normalized = normalizeForSearch(text)
  const tokens: string[] = []
  const terms = new Set<string>()
  for (const word of segmentWords(normalized)) {
    tokens.push(word.text)
    const chars = Array.from(word.text)
    if (chars.length === 1 || !chars.every(isHan)) terms.add(word.text)
    let position = word.start
    for (const char of chars) {
      position += char.length
      if (!isHan(char)) continue
      const next = String.fromCodePoint(normalized.codePointAt(position) ?? 0)
      if (!isHan(next)) continue
      const gram = char + next
      if (gram !== word.text) tokens.push(gram)
    }
  }
  for (const n of unigrams ? [1, 2, 3] : [2, 3]) for (const gram of hanGrams(normalized, n)) terms.add(gram)
  return { tokens, terms }
}

/** Space-joined tokens, ready for `to_tsvector('simple', …)`: every token is one lexeme there. */
export function indexText(text: string): string {
  return indexTokens(text).join(' ')
}

const HAN_STRETCH = /\p{Script=Han}+/gu

/** The n-grams of every unbroken stretch of Han characters in `normalized` text. */
export function hanGrams(normalized: string, n: number): string[] {
  const grams: string[] = []
  for (const stretch of normalized.match(HAN_STRETCH) ?? []) {
    const chars = Array.from(stretch)
    for (let i = 0; i + n <= chars.length; i++) grams.push(chars.slice(i, i + n).join(''))
  }
  return grams
}

/**
 * The distinct terms a text is found by in the in-memory index (memoryIndex.ts): each word that is
 * not all Han, each one-character Han word, and every bigram and trigram of unbroken Han text.
 * Bigrams find a Han word wherever it stands, as in the tsvector; trigrams tell a phrase from its
 * characters scattered (中关村 against 中关…关村). Longer Han words add nothing their bigrams do not
 * find. `unigrams` adds every Han character, for titles: suggestions from the first character typed.
 */
export function searchTerms(text: string, { unigrams = false }: { unigrams?: boolean } = {}): string[] {
  return [...analyse(text, { unigrams }).terms]
}
