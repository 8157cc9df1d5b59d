/**
 * Chinese segmentation for search against real PostgreSQL: whatever a reader
 * types or an editor writes, the tokeniser never throws, what it produces
 * never breaks `to_tsvector`/`to_tsquery('simple', …)`, each index token is
 * exactly one lexeme there, and every word of an indexed body is found by a
 * search for that word. Runs against the stack's database when the stack is
 * up, else TEST_DATABASE_URL (the queries touch no table).
 */
import fc from 'fast-check'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parseSearchQuery } from '../../cms/src/search/query'
import { indexText, indexTokens, normalizeForSearch, segmentWords } from '../../cms/src/search/segment'

let client: pg.Client

beforeAll(async () => {
  const connectionString = inject('stack')?.databaseUrl ?? process.env.TEST_DATABASE_URL
  if (!connectionString)
    throw new Error('Set TEST_DATABASE_URL (or run with the stack): these properties need PostgreSQL.')
  client = new pg.Client({ connectionString })
  await client.connect()
})

afterAll(async () => {
  await client?.end()
})

const HAN = '普陀区科技企业联合会举办年会关于开展知识产权服务月活动的通知中关村院士专家工作站民营上海市北京绿色低碳金融'
const PIECES = [
  ' ',
  '，',
  '。',
  '、',
  '（',
  '）',
  '“',
  '”',
  '——',
  '\n',
  '\t',
  '\u0000',
  '\u200b',
  '\ufeff',
  '·',
  '葛\u{E0100}',
  'iPhone15',
  'www.example.com',
  '3.14',
  '2016年',
  'ＡＢＣ１２３',
  'Ⅻ',
  '㍿',
  'ﬁ',
  'İstanbul',
  'ß',
  'ǅ',
  '𠀀',
  'αβγ',
  "o'neil",
  'a\\b',
  'x:y',
  'a&b',
  'a|b',
  '!',
  '<->',
  '*',
  ':*',
  'AND',
  'OR',
  'NOT',
  '🎉',
  '👨‍👩‍👧',
  '\u0301',
  'é',
  'e\u0301',
  'ท',
  'хорошо',
  'हिन्दी',
  '\ud800',
  '%',
  '_',
  '$1',
]
/**
 * Text as editors paste it, from characters PostgreSQL's parser knows: Chinese words, Latin, digits,
 * full-width forms, punctuation, emoji, controls, combining and variation marks.
 */
const knownBody = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...Array.from(HAN)) },
      { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''))
/**
 * The same with arbitrary code points mixed in, some of which PostgreSQL 15's Unicode tables do not
 * know as letters (CJK Extension H 𱍐, Nag Mundari 𞓐): its parser drops them or splits a token at them,
 * which costs a search for them its match, never an error. So with these, the properties are "never
 * throws, never breaks SQL"; token-for-lexeme agreement and recall are asserted on knownBody.
 */
const body = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: knownBody },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
    ),
    { maxLength: 4 },
  )
  .map((parts) => parts.join(''))

/** Arbitrary search input, including what attacks tsquery syntax. */
const query = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  knownBody,
  fc
    .array(fc.constantFrom("'", '\\', ':', '*', '&', '|', '!', '(', ')', '<->', '<2>', ' ', 'a', '科技', 'x'), {
      maxLength: 30,
    })
    .map((parts) => parts.join('')),
)

/** Distinct values in one fixed order (UTF-16 code units), the same for both sides of a comparison. */
const sortC = (values: string[]) => [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

/** PostgreSQL's view of an index text: the distinct lexemes of to_tsvector('simple', …). */
async function lexemes(text: string): Promise<string[]> {
  const { rows } = await client.query<{ lexeme: string }>(`SELECT lexeme FROM unnest(to_tsvector('simple', $1))`, [
    text,
  ])
  return sortC(rows.map((r) => r.lexeme))
}

describe('segmentation meets PostgreSQL', () => {
  it('any input: parsing never throws, and both tsqueries are accepted by to_tsquery and by @@', async () => {
    await fc.assert(
      fc.asyncProperty(query, body, async (raw, text) => {
        const parsed = parseSearchQuery(raw)
        if (!parsed.ok) {
          // A coded refusal with a message for people, in Chinese.
          expect(parsed.message).toMatch(/\p{Script=Han}/u)
          return
        }
        const { rows } = await client.query(
          `SELECT to_tsquery('simple', $1)::text AS m, to_tsquery('simple', $2)::text AS r,
             to_tsvector('simple', $3) @@ to_tsquery('simple', $1) AS found,
             ts_rank_cd(to_tsvector('simple', $3), to_tsquery('simple', $2)) AS rank`,
          [parsed.matchQuery, parsed.rankQuery, indexText(text)],
        )
        expect(typeof rows[0].found).toBe('boolean')
        expect(Number.isFinite(rows[0].rank)).toBe(true)
      }),
      { numRuns: 400 },
    )
  })

  it('a query of known characters never loses all its operands in to_tsquery', async () => {
    await fc.assert(
      fc.asyncProperty(knownBody, async (raw) => {
        const parsed = parseSearchQuery(raw)
        fc.pre(parsed.ok)
        if (!parsed.ok) return
        const { rows } = await client.query(
          `SELECT to_tsquery('simple', $1)::text AS m, to_tsquery('simple', $2)::text AS r`,
          [parsed.matchQuery, parsed.rankQuery],
        )
        // An operand PostgreSQL drops (a token its parser does not see as a word) would leave an empty query.
        expect(rows[0].m, parsed.matchQuery).not.toBe('')
        expect(rows[0].r, parsed.rankQuery).not.toBe('')
      }),
      { numRuns: 400 },
    )
  })

  it('a body of known characters: each index token is exactly one lexeme of to_tsvector', async () => {
    await fc.assert(
      fc.asyncProperty(knownBody, async (text) => {
        const tokens = indexTokens(text)
        expect(await lexemes(indexText(text)), JSON.stringify(tokens)).toEqual(sortC(tokens))
      }),
      { numRuns: 400 },
    )
  })

  it('every word of a segmented body is found by a search for that word', async () => {
    await fc.assert(
      fc.asyncProperty(knownBody, async (text) => {
        const words = segmentWords(normalizeForSearch(text)).map((w) => w.text)
        const queries = [...new Set(words)]
          .map((word) => ({ word, parsed: parseSearchQuery(word) }))
          .filter((q) => q.parsed.ok)
          .map((q) => ({ word: q.word, tsquery: (q.parsed as { matchQuery: string }).matchQuery }))
        if (queries.length === 0) return
        const { rows } = await client.query<{ found: boolean[] }>(
          `SELECT array_agg(to_tsvector('simple', $1) @@ to_tsquery('simple', q) ORDER BY n) AS found
           FROM unnest($2::text[]) WITH ORDINALITY AS t(q, n)`,
          [indexText(text), queries.map((q) => q.tsquery)],
        )
        const missed = queries.filter((_, i) => !rows[0].found[i]).map((q) => q.word)
        expect(missed, `not found in ${JSON.stringify(text)}`).toEqual([])
      }),
      { numRuns: 300 },
    )
  })

  it('every run of joined words is found by the reader typing it as it stands in the text', async () => {
    await fc.assert(
      fc.asyncProperty(knownBody, async (text) => {
        const normalized = normalizeForSearch(text)
        const words = segmentWords(normalized)
        fc.pre(words.length > 0)
        // The stretch of the original body covering one run of joined words, as a reader would copy it.
        const { start } = words[0]
        let end = words[0].end
        for (const w of words.slice(1)) {
          if (!w.joined) break
          end = w.end
        }
        const typed = normalized.slice(start, end)
        const parsed = parseSearchQuery(typed)
        fc.pre(parsed.ok)
        if (!parsed.ok) return
        const { rows } = await client.query(`SELECT to_tsvector('simple', $1) @@ to_tsquery('simple', $2) AS found`, [
          indexText(text),
          parsed.matchQuery,
        ])
        expect(rows[0].found, `${JSON.stringify(typed)} in ${JSON.stringify(text)}`).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})
