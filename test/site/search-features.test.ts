/**
 * Issue 15 through HTTP on real PostgreSQL: ranking order, full paging with the
 * exact total, pinyin and initials, 繁体, filters with counts, suggestions and
 * hostile input — on the seeded content plus a few articles published here.
 */
import type { SearchResults, SearchSuggestions } from '@newsroom/cms/contract'
import { beforeAll, describe, expect, it } from 'vitest'
import { api, createStaff, lexical, requireStack } from '../support/api'

type CmsError = { errors: { message: string }[]; code: string }
const search = (q: string, query: Record<string, string | number> = {}) =>
  api<SearchResults & Partial<CmsError>>('GET', '/search', { query: { q, ...query } })
const site = (path: string) => fetch(new URL(path, requireStack().siteUrl), { redirect: 'manual' })

let editor: string
const ids: Record<string, number> = {}

async function publish(key: string, title: string, body: string, publishedAt: string, extra: object = {}) {
  const created = await api('POST', '/articles', {
    token: editor,
    body: { title, section: 'news', content: lexical(body), _status: 'published', publishedAt, ...extra },
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  ids[key] = created.body.doc.id
}

beforeAll(async () => {
  editor = (await createStaff('editor')).token
  // 琥珀桥: a title match (oldest), the phrase in two bodies, its characters apart in the newest body.
  await publish('title', '琥珀桥落成典礼', '典礼在园区举行。', '2016-02-01T02:00:00Z')
  await publish('phraseOld', '园区新闻一则', '新建的琥珀桥连通两岸。', '2016-03-01T02:00:00Z')
  await publish('phraseNew', '园区新闻二则', '市民走上琥珀桥观景。', '2016-04-01T02:00:00Z')
  await publish('scattered', '园区新闻三则', '展厅陈列琥珀，另有金珀桥一座。', '2016-05-01T02:00:00Z')
  // The Latin word itself in a body: a character match, above the pinyin ones.
  await publish('latin', '活动简讯', '本次活动代号 nianhui，欢迎参加。', '2016-01-15T02:00:00Z')
})

const order = (results: SearchResults) => results.docs.map((d) => d.id)

describe('ranking', () => {
  it('title first, then the exact phrase (newer above older), then scattered characters', async () => {
    const { status, body } = await search('琥珀桥')
    expect(status).toBe(200)
    expect(order(body)).toEqual([ids.title, ids.phraseNew, ids.phraseOld, ids.scattered])
    expect(body.docs.map((d) => d.rank)).toEqual(['titlePhrase', 'phrase', 'phrase', 'scattered'])
    expect(body.docs[0].titleHtml).toBe('<mark>琥珀桥</mark>落成典礼')
  })
})

describe('full paging with the exact total', () => {
  it('reaches every match of a common word page by page, to the last page', async () => {
    const first = await search('科技', { limit: 5 })
    expect(first.body.totalDocsExact).toBe(true)
    const total = first.body.totalDocs
    expect(total).toBeGreaterThan(10)
    expect(first.body.totalPages).toBe(Math.ceil(total / 5))
    const seen = new Set<number>()
    for (let page = 1; page <= first.body.totalPages; page++) {
      const { status, body } = await search('科技', { limit: 5, page })
      expect(status).toBe(200)
      for (const id of order(body)) seen.add(id)
    }
    expect(seen.size).toBe(total)
    const past = await search('科技', { limit: 5, page: first.body.totalPages + 1 })
    expect(past.body.docs).toEqual([])
  })
  it('on the site: the exact total, the last page and a 404 past it', async () => {
    const { body } = await search('科技')
    const html = await (await site(`/search?q=${encodeURIComponent('科技')}`)).text()
    expect(html).toContain(`找到 ${body.totalDocs.toLocaleString('zh-CN')} 篇`)
    const last = await site(`/search?q=${encodeURIComponent('科技')}&page=${body.totalPages}`)
    expect(last.status).toBe(200)
    const lastHtml = await last.text()
    expect(lastHtml).toContain(`第 ${body.totalPages} / ${body.totalPages} 页`)
    expect((lastHtml.match(/<li><article>/g) ?? []).length).toBe(body.totalDocs - (body.totalPages - 1) * 10)
    expect((await site(`/search?q=${encodeURIComponent('科技')}&page=${body.totalPages + 1}`)).status).toBe(404)
  })
})

describe('pinyin', () => {
  it.each(['nianhui', 'nian hui', 'nh'])('%s finds 年会 in titles, below the character match', async (q) => {
    const { status, body } = await search(q, { limit: 50 })
    expect(status).toBe(200)
    const pinyinHits = body.docs.filter((d) => d.rank === 'pinyinTitle')
    expect(pinyinHits.length).toBeGreaterThan(0)
    expect(pinyinHits.some((d) => d.title.includes('年会'))).toBe(true)
    expect(pinyinHits.every((d) => d.titleHtml.includes('<mark>'))).toBe(true)
    if (q === 'nianhui') {
      expect(body.docs[0].id).toBe(ids.latin)
      expect(body.docs[0].rank).not.toMatch(/^pinyin/)
    }
  })
  it('zgc finds 中关村 and marks it', async () => {
    const { body } = await search('zgc')
    const hit = body.docs.find((d) => d.title.includes('中关村'))
    expect(hit?.titleHtml).toContain('<mark>中关村</mark>')
  })
  it('finds articles by the pinyin initials of a topic name', async () => {
    const topics = await api('GET', '/topics', { query: { limit: 100, depth: 0 } })
    const park = (topics.body.docs as { name: string; slug: string }[]).find((t) => t.name === '园区合作')
    expect(park).toBeTruthy()
    const { body } = await search('yqhz', { limit: 50 })
    expect(body.totalDocs).toBeGreaterThan(0)
    expect(body.docs.every((d) => d.rank === 'pinyinTopic' || d.rank === 'pinyinTitle')).toBe(true)
  })
})

describe('traditional characters', () => {
  it.each([
    ['年會', '年会'],
    ['園區', '园区'],
  ])('%s finds %s and marks the simplified text', async (traditional, simplified) => {
    const { status, body } = await search(traditional)
    expect(status).toBe(200)
    expect(body.totalDocs).toBeGreaterThan(0)
    expect(body.convertedFrom).toBe(traditional)
    expect(body.docs.some((d) => `${d.titleHtml}${d.snippetHtml}`.includes(`<mark>${simplified}</mark>`))).toBe(true)
    const html = await (await site(`/search?q=${encodeURIComponent(traditional)}`)).text()
    expect(html).toContain(`<mark>${simplified}</mark>`)
  })
})

describe('filters with counts', () => {
  it('counts each option with the other filters applied, and filters combine with paging', async () => {
    const all = await search('科技', { limit: 50 })
    const facets = all.body.facets!
    expect(facets.section.reduce((n, f) => n + f.count, 0)).toBe(all.body.totalDocs)
    const policy = facets.section.find((f) => f.value === 'policy')!
    expect(policy.count).toBeGreaterThan(1)
    const filtered = await search('科技', { section: 'policy', limit: 1 })
    expect(filtered.body.totalDocs).toBe(policy.count)
    expect(filtered.body.totalPages).toBe(policy.count)
    const second = await search('科技', { section: 'policy', limit: 1, page: 2 })
    expect(second.body.docs[0].section).toBe('policy')
    expect(second.body.docs[0].id).not.toBe(filtered.body.docs[0].id)
    // Within policy, the status counts add up to the section's count.
    expect(filtered.body.facets!.status.reduce((n, f) => n + f.count, 0)).toBe(policy.count)

    const year = facets.year[0]
    const byYear = await search('科技', { year: year.value, limit: 50 })
    expect(byYear.body.totalDocs).toBe(year.count)
    const topic = facets.topic[0]
    const byTopic = await search('科技', { topic: topic.value, limit: 50 })
    expect(byTopic.body.totalDocs).toBe(topic.count)
    expect(byTopic.body.topic).toBe(topic.value)
  })
  it('are plain GET links on the site with counts beside each option', async () => {
    const html = await (await site(`/search?q=${encodeURIComponent('科技')}&section=policy`)).text()
    expect(html).toMatch(/<nav class="search-filters" aria-label="筛选结果">/)
    const { body } = await search('科技', { section: 'policy' })
    const label = body.facets!.year[0]
    expect(html).toContain(`href="/search?q=%E7%A7%91%E6%8A%80&amp;section=policy&amp;year=${label.value}"`)
    expect(html).toMatch(/政策解读<span class="count">（\d+）<\/span>/)
  })
  it('rejects unknown filter values precisely', async () => {
    for (const [key, value, code] of [
      ['topic', 'no-such-topic', 'INVALID_TOPIC'],
      ['year', 'abcd', 'INVALID_YEAR'],
      ['status', 'void', 'INVALID_STATUS'],
    ]) {
      const { status, body } = await search('科技', { [key]: value })
      expect(status).toBe(400)
      expect(body.code).toBe(code)
      expect(body.errors?.[0].message).toMatch(/\p{Script=Han}/u)
    }
    expect((await site(`/search?q=x&year=19999`)).status).toBe(404)
  })
})

describe('suggestions', () => {
  it('up to 8 titles holding what is typed, from the CMS and through the site', async () => {
    const { status, body } = await api<SearchSuggestions>('GET', '/search/suggest', { query: { q: '中关' } })
    expect(status).toBe(200)
    expect(body.suggestions.length).toBeGreaterThan(0)
    expect(body.suggestions.length).toBeLessThanOrEqual(8)
    expect(body.suggestions.every((s) => s.title.includes('中关'))).toBe(true)
    const many = await api<SearchSuggestions>('GET', '/search/suggest', { query: { q: '科' } })
    expect(many.body.suggestions.length).toBe(8)
    const fromSite = await (await site(`/search/suggest?q=${encodeURIComponent('中关')}`)).json()
    expect(fromSite.suggestions.map((s: { slug: string }) => s.slug)).toEqual(body.suggestions.map((s) => s.slug))
  })
  it('loads no suggestion script with the page: only its address rides on the enhancement script', async () => {
    const html = await (await site('/')).text()
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1])
    expect(scripts.some((src) => src.includes('suggest'))).toBe(false)
    const src = /data-suggest-src="([^"]+)"/.exec(html)?.[1]
    expect(src).toBeTruthy()
    const script = await site(src!)
    expect(script.status).toBe(200)
    expect((await script.text()).length).toBeLessThan(6000)
    expect(html).toMatch(/<input[^>]+data-suggest/)
  })
})

describe('bad input never costs a 500', () => {
  const surrogate = '\ud800'
  it.each([
    ['one character', '会', [200]],
    ['500 characters', '科技'.repeat(250), [400]],
    ['only punctuation', '！？。，、；：“”', [400]],
    ['emoji', '🔥💥👨‍👩‍👧', [400]],
    ['a lone surrogate', `${surrogate}科技${surrogate}`, [200]],
    ['tsquery syntax', "科技 & | ! : * ( ) <-> '", [200]],
    ['SQL', "'; DROP TABLE search_index; --", [200]],
    ['100 words', Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '), [400]],
    ['11 words', '科技 企业 政策 服务 创新 园区 会员 平台 项目 发展 人才', [400]],
  ])('%s', async (_label, q, statuses) => {
    const { status, body } = await search(q as string)
    expect(statuses).toContain(status)
    if (status === 400) expect(body.errors?.[0].message).toMatch(/\p{Script=Han}/u)
    const page = await site(`/search?${new URLSearchParams({ q: q as string })}`)
    expect([200, 400]).toContain(page.status)
    const suggest = await api('GET', '/search/suggest', { query: { q: q as string } })
    expect(suggest.status).toBe(200)
  })
})
