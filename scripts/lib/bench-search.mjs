// @ts-check
// The search mix of issue 15, run by `npm run bench` (or alone: `npm run bench -- --only search`): readers'
// queries against the uncached site (RESPONSE_CACHE=off), 20 connections, each request a query drawn at random
// from 10 common words, 40 medium and 50 rare words and two-word phrases, mostly first pages, some later and
// deep ones; then the common words alone. The uncached article page runs in the same rounds as the reference,
// so a loaded machine shows as a lower reference, not as a slower search.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { median, percentile, runWrk, summarise } from './wrk.mjs'

/**
 * Words of the sample articles (content-seed), which the bulk generator recombines, chosen by how many of the
 * 100,000 generated articles hold them: common 60–100 %, medium 18–60 %, rare about 10 % (the generator's corpus
 * has almost nothing rarer). The phrases are words that stand side by side in the samples.
 */
const SEARCH_MIX = {
  common: ['科技', '企业', '政策', '服务', '创新', '园区', '2016', '发展', '项目', '平台'],
  medium: [
    ...['产业', '人才', '专利', '融资', '研发', '上海', '江苏', '年度', '中小企业', '常务理事'],
    ...['补贴', '中心', '科普', '创业', '担保', '解读', '职称', '贷款', '信用', '生态'],
    ...['数字', '培育', '转型', '认定', '沙龙', '孵化', '北京', '律师', '规划', '检测'],
    ...['产业 园区', '融资 服务', '人才 政策', '申请材料', '营业执照', '办公 空间', '资格条件', '具体 安排'],
    ...['交流平台', '科技 创新'],
  ],
  rare: [
    ...['工作站', '软件', '青少年', '发票', '银行', '股权', '教育', '基地', '设备', '劳动'],
    ...['学历', '法人', '市政府', '代办', '框架', '资产', '指标', '开发', '员工', '文件'],
    ...['公示', '高层', '效益', '纽带', '机遇', '改造', '群体', '业绩', '人事', '新型'],
    ...['精神', '手续', '降低', '覆盖', '规范', '实践', '推进', '全国', '影响', '记录'],
    ...['发明专利', '律师 事务', '合作银行', '培育 青少年', '基础之上', '本文 附件', '加速 发展', '检索 分析'],
    ...['关键在于', '构成 任何'],
  ],
}

/** Of every ten requests for one query: eight first pages, one of pages 2–5, one deep page (up to the last). */
const PAGE_SHARES = { first: 8, near: 1, deep: 1 }

/** A deterministic PRNG (mulberry32): the same URL list every run. @param {number} seed */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * @param {string} q @param {number} page
 * @returns {string}
 */
const searchPath = (q, page) => `/search?q=${encodeURIComponent(q)}${page > 1 ? `&page=${page}` : ''}`

/**
 * Each query's number of result pages, as the CMS reports it (also warms the CMS's code paths).
 * @param {string} cmsUrl @param {string[]} queries
 */
async function pagesOf(cmsUrl, queries) {
  /** @type {Map<string, { totalPages: number, totalDocs: number, exact: boolean }>} */
  const out = new Map()
  for (const q of queries) {
    const response = await fetch(`${cmsUrl}/api/search?q=${encodeURIComponent(q)}&limit=10`)
    if (response.status !== 200) throw new Error(`/api/search?q=${q} answered ${response.status}`)
    const body = await response.json()
    out.set(q, { totalPages: body.totalPages, totalDocs: body.totalDocs, exact: body.totalDocsExact !== false })
  }
  return out
}

/**
 * The request paths of a mix, each query's pages weighted by PAGE_SHARES.
 * @param {string[]} queries @param {Map<string, { totalPages: number }>} pages @param {() => number} random
 */
function mixPaths(queries, pages, random) {
  /** @type {string[]} */
  const paths = []
  for (const q of queries) {
    const last = pages.get(q)?.totalPages ?? 1
    for (let i = 0; i < PAGE_SHARES.first; i++) paths.push(searchPath(q, 1))
    for (let i = 0; i < PAGE_SHARES.near; i++) paths.push(searchPath(q, Math.min(last, 2 + Math.floor(random() * 4))))
    for (let i = 0; i < PAGE_SHARES.deep; i++)
      paths.push(searchPath(q, last > 5 ? 6 + Math.floor(random() * (last - 5)) : Math.max(1, last)))
  }
  return paths
}

/**
 * A wrk script that sends the paths in random order.
 * @param {string} file @param {string[]} paths
 */
function writeMixScript(file, paths) {
  const list = paths.map((p) => `  ${JSON.stringify(p)},`).join('\n')
  writeFileSync(
    file,
    `local paths = {\n${list}\n}\nmath.randomseed(os.time())\nrequest = function()\n  return wrk.format("GET", paths[math.random(#paths)])\nend\n`,
  )
}

/**
 * Server-side time of sequential API searches (the CMS's own `tookMs`), first and deep pages, and of
 * suggestions when the CMS offers them.
 * @param {string} cmsUrl @param {string[]} queries @param {Map<string, { totalPages: number }>} pages
 */
async function serverTimes(cmsUrl, queries, pages) {
  /** @type {number[]} */
  const first = []
  /** @type {number[]} */
  const last = []
  for (const q of queries) {
    const get = async (/** @type {number} */ page) =>
      (await (await fetch(`${cmsUrl}/api/search?q=${encodeURIComponent(q)}&page=${page}`)).json()).tookMs
    first.push(await get(1))
    last.push(await get(Math.max(1, pages.get(q)?.totalPages ?? 1)))
  }
  /** @type {number[] | null} */
  let suggest = []
  for (const q of queries) {
    // As a reader types: the first character, then the first two, then the whole query.
    for (const typed of new Set([...[1, 2].map((n) => Array.from(q).slice(0, n).join('')), q])) {
      const response = await fetch(`${cmsUrl}/api/search/suggest?q=${encodeURIComponent(typed)}`)
      if (response.status === 404) {
        suggest = null
        break
      }
      suggest.push((await response.json()).tookMs)
    }
    if (!suggest) break
  }
  return { first, last, suggest }
}

/**
 * @param {{ wrkBin: string, uncachedUrl: string, cmsUrl: string, articlePath: string, tmp: string,
 *   duration: number, rounds: number, connections: number, log: (line: string) => void }} options
 */
export async function benchSearch({
  wrkBin,
  uncachedUrl,
  cmsUrl,
  articlePath,
  tmp,
  duration,
  rounds,
  connections,
  log,
}) {
  const all = [...SEARCH_MIX.common, ...SEARCH_MIX.medium, ...SEARCH_MIX.rare]
  const indexLoadSeconds = await waitForIndex(cmsUrl, log)
  const pages = await pagesOf(cmsUrl, all)
  const random = prng(15)
  const mixScript = path.join(tmp, 'search-mix.lua')
  const commonScript = path.join(tmp, 'search-common.lua')
  const mix = mixPaths(all, pages, random)
  const common = mixPaths(SEARCH_MIX.common, pages, random)
  writeMixScript(mixScript, mix)
  writeMixScript(commonScript, common)
  // Every path answers 200 before it is timed (a 404 deep page or a 429 would time error pages).
  for (const p of new Set([...mix, ...common])) {
    const response = await fetch(`${uncachedUrl}${p}`)
    await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`${p} answered ${response.status}`)
  }
  const targets = {
    article: { url: `${uncachedUrl}${articlePath}` },
    mix: { url: uncachedUrl, script: mixScript },
    common: { url: uncachedUrl, script: commonScript },
  }
  /** @type {Record<string, import('./wrk.mjs').LoadResult[]>} */
  const runs = { article: [], mix: [], common: [] }
  log('search mix: warm-up')
  for (const target of Object.values(targets)) await runWrk(wrkBin, target.url, { duration: 3, connections, ...target })
  for (let round = 0; round < rounds; round++) {
    const order = /** @type {(keyof typeof targets)[]} */ (Object.keys(targets))
    for (let i = 0; i < round % order.length; i++) order.push(/** @type {keyof typeof targets} */ (order.shift()))
    for (const name of order) {
      runs[name].push(await runWrk(wrkBin, targets[name].url, { duration, connections, ...targets[name] }))
      // Let the CMS and PostgreSQL drain before the next target.
      await new Promise((r) => setTimeout(r, 1000))
    }
    log(
      `search mix round ${round + 1}: ${Object.entries(runs)
        .map(([n, r]) => `${n} ${Math.round(r.at(-1)?.rps ?? 0)}/s`)
        .join(', ')}`,
    )
  }
  const times = await serverTimes(cmsUrl, all, pages)
  return {
    throughput: Object.fromEntries(Object.entries(runs).map(([name, r]) => [name, summarise(r)])),
    pages,
    times,
    queries: all.length,
    indexLoadSeconds,
  }
}

/**
 * A CMS answers through PostgreSQL until its in-memory index has loaded (docs/decisions/016; `facets` is null
 * meanwhile): wait for it, and report how long it took from here. A CMS without facets at all (the code before
 * issue 15) is measured as it is.
 */
/** @param {string} cmsUrl @param {(line: string) => void} log */
async function waitForIndex(cmsUrl, log) {
  const started = performance.now()
  for (;;) {
    const body = await (await fetch(`${cmsUrl}/api/search?q=${encodeURIComponent('科技')}`)).json()
    if (body.facets !== null) return body.facets === undefined ? null : (performance.now() - started) / 1000
    if (performance.now() - started > 30 * 60_000) throw new Error('the CMS never loaded its search index')
    log('search mix: waiting for the CMS to load its search index')
    await new Promise((r) => setTimeout(r, 5000))
  }
}

/** @param {Awaited<ReturnType<typeof benchSearch>>} results @param {{ connections: number, duration: number, rounds: number }} how */
export function searchReport(results, { connections, duration, rounds }) {
  const ms = (/** @type {number} */ v) => (v < 10 ? v.toFixed(1) : String(Math.round(v)))
  const f0 = (/** @type {number} */ x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–')
  const { throughput: t, pages, times } = results
  const lines = []
  lines.push('### Search mix (RESPONSE_CACHE=off; issue 15)')
  lines.push('')
  lines.push(
    `wrk, ${connections} connections, ${duration} s × ${rounds} rounds rotating article / mix / common (median); ${results.queries} queries (10 common, 40 medium, 50 rare), of every ten requests for a query eight first pages, one of pages 2–5, one deep page.`,
  )
  lines.push('')
  lines.push('| load | req/s | p50 ms | p99 ms | ÷ article | errors |')
  lines.push('|---|---:|---:|---:|---:|---:|')
  for (const [name, label] of [
    ['mix', 'search mix'],
    ['common', 'common words only'],
    ['article', 'uncached article (reference)'],
  ]) {
    const r = t[name]
    lines.push(
      `| ${label} | ${f0(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${(r.rps / t.article.rps).toFixed(2)} | ${r.errors} |`,
    )
  }
  const deepest = [...pages.entries()].sort((a, b) => b[1].totalPages - a[1].totalPages)[0]
  lines.push('')
  lines.push(
    `CMS time per search (\`tookMs\`, sequential): first page p50 ${ms(median(times.first))} / p99 ${ms(percentile(times.first, 99))} ms; last page p50 ${ms(median(times.last))} / p99 ${ms(percentile(times.last, 99))} ms` +
      (times.suggest?.length
        ? `; suggestions p50 ${ms(median(times.suggest))} / p99 ${ms(percentile(times.suggest, 99))} ms.`
        : '; no suggestion endpoint.'),
  )
  if (results.indexLoadSeconds !== null)
    lines.push(`The CMS answered from its in-memory index ${Math.round(results.indexLoadSeconds)} s after it was up.`)
  lines.push(
    `Deepest: “${deepest[0]}” ${f0(deepest[1].totalDocs)}${deepest[1].exact ? '' : '+'} results, ${f0(deepest[1].totalPages)} pages.`,
  )
  return lines.join('\n')
}
