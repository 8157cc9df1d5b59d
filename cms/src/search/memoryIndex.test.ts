import { describe, expect, it } from 'vitest'
import { type IndexRow, MemorySearchIndex, type SearchFilters, shanghaiYear } from './memoryIndex'
import { titlePinyin } from './pinyin'
import { parseSearchQuery } from './query'
import { searchTerms } from './segment'

/** An index over a few articles, with term ids assigned here as search_terms would. */
function indexOf(
  articles: { id: number; title: string; body: string; date: string; section?: string; topics?: number[] }[],
) {
  const index = new MemorySearchIndex()
  const ids = new Map<string, number>()
  const bytes = (terms: string[]) => {
    const buffer = Buffer.alloc(terms.length * 4)
    terms.forEach((term, i) => {
      if (!ids.has(term)) ids.set(term, ids.size + 1)
      buffer.writeUInt32BE(ids.get(term)!, i * 4)
    })
    return buffer
  }
  const rows: IndexRow[] = articles.map((a, i) => ({
    article_id: a.id,
    seq: i + 1,
    live: true,
    published_at: a.date,
    section: a.section ?? 'news',
    policy_status: a.section === 'policy' ? 'valid' : null,
    topic_ids: a.topics ?? [],
    terms: bytes(searchTerms(`${a.title}\n${a.body}`)),
    title_terms: bytes(searchTerms(a.title, { unigrams: true })),
    title_pinyin: titlePinyin(a.title),
  }))
  index.addTerms([...ids].map(([term, id]) => ({ term, id })))
  for (const row of rows) index.apply(row)
  return { index, rows }
}

const none: SearchFilters = { section: null, topic: null, year: null, status: null }
const ids = (index: MemorySearchIndex, q: string, filters = none, offset = 0, limit = 50) => {
  const parsed = parseSearchQuery(q)
  if (!parsed.ok) throw new Error(parsed.code)
  return index.search(parsed, filters, { offset, limit, topicIds: [] })
}

describe('MemorySearchIndex', () => {
  const { index } = indexOf([
    { id: 1, title: '园区动态', body: '中关村科技园召开座谈会。', date: '2015-03-01T00:00:00Z' },
    { id: 2, title: '中关村科技园来访', body: '座谈。', date: '2014-01-01T00:00:00Z' },
    { id: 3, title: '通知', body: '中关于开展活动；关村小学。', date: '2016-05-01T00:00:00Z' },
    { id: 4, title: '年会', body: '中关村的企业参加。', date: '2016-12-31T17:00:00Z', section: 'policy', topics: [7] },
  ])

  it('ranks the title first, then the exact phrase, then scattered characters; newer first within a rank', () => {
    const page = ids(index, '中关村')
    expect(page.hits.map((h) => h.articleId)).toEqual([2, 4, 1, 3])
    expect(page.hits.map((h) => h.rank)).toEqual(['titlePhrase', 'phrase', 'phrase', 'scattered'])
    expect(page.total).toBe(4)
  })
  it('pages through every match', () => {
    expect(ids(index, '中关村', none, 2, 2).hits.map((h) => h.articleId)).toEqual([1, 3])
  })
  it('counts facets with the other filters applied, and filters', () => {
    const page = ids(index, '中关村', { ...none, section: 'policy' })
    expect(page.hits.map((h) => h.articleId)).toEqual([4])
    expect(page.facets.section).toEqual(
      expect.arrayContaining([
        { value: 'news', count: 3 },
        { value: 'policy', count: 1 },
      ]),
    )
    // The year facet counts within the section chosen; 2016-12-31T17:00Z is already 2017 in Shanghai.
    expect(page.facets.year).toEqual([{ value: 2017, count: 1 }])
    expect(ids(index, '中关村').facets.year.map((f) => f.value)).toEqual([2017, 2016, 2015, 2014])
  })
  it('forgets a removed article and finds a changed one by its new text', () => {
    const { index: live } = indexOf([{ id: 9, title: '旧标题', body: '正文', date: '2016-01-01T00:00:00Z' }])
    live.apply({
      article_id: 9,
      seq: 5,
      live: false,
      published_at: null,
      section: 'news',
      policy_status: null,
      topic_ids: [],
      terms: null,
      title_terms: null,
      title_pinyin: '',
    })
    expect(ids(live, '旧标题').total).toBe(0)
    expect(live.seq).toBe(5)
  })
  it('reads Latin letters as pinyin of titles, below character matches', () => {
    const page = ids(index, 'nianhui')
    expect(page.hits.map((h) => [h.articleId, h.rank])).toEqual([[4, 'pinyinTitle']])
    expect(ids(index, 'zgc').hits.map((h) => h.articleId)).toEqual([2])
  })
  it('suggests titles holding what was typed so far', () => {
    const parsed = parseSearchQuery('中关')
    if (!parsed.ok) throw new Error('unparsed')
    expect(index.suggest(parsed, 8)).toEqual([2])
  })
})

describe('shanghaiYear', () => {
  it('is the calendar year at UTC+8', () => {
    expect(shanghaiYear(Date.parse('2016-12-31T16:00:00Z'))).toBe(2017)
    expect(shanghaiYear(Date.parse('2016-12-31T15:59:59Z'))).toBe(2016)
  })
})
