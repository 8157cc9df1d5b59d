import type { SearchFacets, SearchResults } from '@newsroom/cms/contract'
import { FEDERATION_NAME } from '@newsroom/cms/federation'
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { articlePath } from '~/components/article-list'
import { Breadcrumbs } from '~/components/breadcrumbs'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pagination } from '~/components/pagination'
import { isOutdatedPolicy, POLICY_STATUS_LABELS } from '~/features/articles/policy-status'
import {
  displayQuery,
  onlyMarkTags,
  parseSearchParams,
  type SearchFilterParams,
  searchHref,
} from '~/features/search/search-params'
import { clientAddress } from '~/features/subscriptions/client-address.server'
import { listAllTopics } from '~/lib/cms/content.server'
import { searchArticles } from '~/lib/cms/search.server'
import { formatDate } from '~/lib/format'
import { pageHeaders, rateLimitedHeaders } from '~/lib/http.server'
import { SECTION_LABELS, SECTIONS, type Section } from '~/lib/sections'
import { errorMeta, seoMeta } from '~/lib/seo'

/** Results pages are fresh within the SPEC's second, like feeds; crawlers are kept out (robots.txt and noindex). */
const SEARCH_HEADERS = {
  'Cache-Control': 'public, max-age=0, s-maxage=1, stale-while-revalidate=30',
  'X-Robots-Tag': 'noindex',
}

export const headers = pageHeaders

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (!data) return errorMeta(matches, error)
  const { q, section, page, filters } = data
  return seoMeta(matches, {
    title: q ? `搜索：${q}` : '站内搜索',
    description: `在${FEDERATION_NAME}网站搜索新闻动态、政策解读、合作园区和通知公告。`,
    path: q ? searchHref({ q, section, page, ...filters }) : '/search',
    noindex: true,
  })
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = parseSearchParams(new URL(request.url).searchParams)
  if (!params) throw new Response('Not Found', { status: 404 })
  const q = displayQuery(params.q)
  const { topic, year, status } = params
  const base = { q, section: params.section, page: params.page, filters: { topic, year, status } }

  if (!params.q.trim()) {
    const topics = await listAllTopics()
    return data({ ...base, state: 'start' as const, topics, message: null, results: null }, { headers: SEARCH_HEADERS })
  }
  // The raw query goes to the CMS (it judges length and content); the page only ever shows the cleaned one.
  const outcome = await searchArticles({
    q: params.q,
    page: params.page,
    section: params.section ?? undefined,
    topic,
    year,
    status,
    // The CMS limits searches per reader (SEARCH_RATE_LIMIT); its Chinese message says when to try again.
    clientAddress: clientAddress(request, context),
  })
  if (!outcome.ok && (outcome.status === 429 || outcome.status === 503)) {
    return data(
      { ...base, state: 'invalid' as const, topics: [], message: outcome.message, results: null },
      {
        status: outcome.status,
        headers: { ...SEARCH_HEADERS, ...rateLimitedHeaders(outcome.retryAfter ?? (outcome.status === 503 ? 3 : 60)) },
      },
    )
  }
  if (!outcome.ok) {
    const topics = await listAllTopics()
    return data(
      { ...base, state: 'invalid' as const, topics, message: outcome.message, results: null },
      { status: 400, headers: SEARCH_HEADERS },
    )
  }
  const { results } = outcome
  if (params.page > 1 && params.page > results.totalPages) throw new Response('Not Found', { status: 404 })
  return data({ ...base, state: 'results' as const, topics: [], message: null, results }, { headers: SEARCH_HEADERS })
}

function SearchForm({ q, section }: { q: string; section: Section | null }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is too new for the older browsers our readers use; role="search" says the same
    <form className="search-form" method="get" action="/search" role="search">
      <p className="search-form-field">
        <label htmlFor="search-q">搜索词</label>
        <input
          id="search-q"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={100}
          enterKeyHint="search"
          autoComplete="off"
          data-suggest
        />
      </p>
      <p className="search-form-field">
        <label htmlFor="search-section">栏目</label>
        <select id="search-section" name="section" defaultValue={section ?? ''}>
          <option value="">全部栏目</option>
          {SECTIONS.map((s) => (
            <option key={s} value={s}>
              {SECTION_LABELS[s]}
            </option>
          ))}
        </select>
      </p>
      <button type="submit">搜索</button>
    </form>
  )
}

type Current = { q: string; section: Section | null } & SearchFilterParams

/**
 * Narrowing by section, topic, year and policy status: plain links (GET
 * parameters, shareable, no JavaScript), each with the number of results it
 * leaves, the other filters kept and paging back at the first page.
 */
function SearchFilters({ current, facets }: { current: Current; facets: SearchFacets }) {
  const groups: {
    name: 'section' | 'topic' | 'year' | 'status'
    title: string
    options: { value: string | number; label: string; count: number }[]
    selected: string | number | null | undefined
  }[] = [
    { name: 'section', title: '栏目', options: facets.section, selected: current.section },
    { name: 'topic', title: '专题', options: facets.topic, selected: current.topic },
    { name: 'year', title: '年份', options: facets.year, selected: current.year },
    { name: 'status', title: '政策状态', options: facets.status, selected: current.status },
  ]
  const visible = groups.filter((g) => g.options.some((o) => o.count > 0) || g.selected)
  if (visible.length === 0) return null
  return (
    <nav className="search-filters" aria-label="筛选结果">
      {visible.map((group) => (
        <section key={group.name} className="search-filter" aria-labelledby={`filter-${group.name}`}>
          <h2 id={`filter-${group.name}`}>{group.title}</h2>
          <ul>
            <li>
              {group.selected ? (
                <a href={searchHref({ ...current, [group.name]: undefined })}>不限</a>
              ) : (
                <span aria-current="true">不限</span>
              )}
            </li>
            {group.options
              .filter((o) => o.count > 0 || o.value === group.selected)
              .map((option) => (
                <li key={option.value}>
                  {option.value === group.selected ? (
                    <span aria-current="true">
                      {option.label}
                      <span className="count">{`（${option.count}）`}</span>
                    </span>
                  ) : (
                    <a href={searchHref({ ...current, [group.name]: option.value })}>
                      {option.label}
                      <span className="count">{`（${option.count}）`}</span>
                    </a>
                  )}
                </li>
              ))}
          </ul>
        </section>
      ))}
    </nav>
  )
}

function SearchTips({ topics }: { topics: { id: number; name: string; slug?: string | null }[] }) {
  return (
    <section className="search-tips" aria-labelledby="search-tips-title">
      <h2 id="search-tips-title">搜索小贴士</h2>
      <ul>
        <li>输入中文词语即可，例如“知识产权”“项目申报”“中关村”，不必输入整句话。</li>
        <li>多个词之间用空格隔开，会找出同时包含这些词的文章，例如“科技金融 贷款”。</li>
        <li>可以在“栏目”中选择只搜索新闻动态、政策解读、合作园区或通知公告。</li>
      </ul>
      {topics.length > 0 ? (
        <>
          <h2>按专题浏览</h2>
          <ul className="topic-chips">
            {topics.map((topic) => (
              <li key={topic.id}>
                <a href={`/topics/${topic.slug ?? ''}`}>{topic.name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

/** 找到 12,345 篇: exact; "1000 多" only while the CMS is still loading its index and counts through PostgreSQL. */
function totalText(results: SearchResults): string {
  const n = results.totalDocs.toLocaleString('zh-CN')
  return results.totalDocsExact ? n : `${n} 多`
}

export default function SearchPage() {
  const { q, section, page, filters, state, topics, message, results } = useLoaderData<typeof loader>()
  const current: Current = { q, section, ...filters }
  const filtered = Boolean(section || filters.topic || filters.year || filters.status)
  return (
    <div className="search-page">
      <Breadcrumbs items={[{ label: '站内搜索' }]} />
      <h1>站内搜索</h1>
      <SearchForm q={q} section={section} />

      {state === 'invalid' ? (
        <p className="search-message" role="alert">
          {message}
        </p>
      ) : null}

      {results?.convertedFrom ? (
        <p className="search-note">
          已将繁体“{results.convertedFrom}”转换为简体“{results.query}”搜索。
        </p>
      ) : null}

      {results && results.totalDocs === 0 ? (
        <div className="search-message" role="status">
          <p>
            没有找到与“<strong>{q}</strong>”相关的{section ? `${SECTION_LABELS[section]}` : ''}文章。
          </p>
          <ul>
            <li>检查有没有错别字，或换一个意思相近的词。</li>
            <li>少用几个词，或去掉筛选条件再试。</li>
          </ul>
          {filtered ? <a href={searchHref({ q })}>不加筛选，在全部文章中搜索“{q}”</a> : null}
        </div>
      ) : null}

      {results && results.totalDocs > 0 ? (
        <>
          <p className="search-summary" role="status">
            {`找到 ${totalText(results)} 篇与“`}
            <strong>{q}</strong>
            {`”相关的文章${results.totalPages > 1 ? `，第 ${page} / ${results.totalPages.toLocaleString('zh-CN')} 页` : ''}`}
          </p>
          {results.facets ? <SearchFilters current={current} facets={results.facets} /> : null}
          <ol className="article-list search-results" start={(page - 1) * results.limit + 1}>
            {results.docs.map((hit) => (
              <li key={hit.id}>
                <article>
                  <h2 className="article-list-title">
                    {/* titleHtml/snippetHtml: escaped text plus <mark>, built by the CMS; onlyMarkTags enforces it. */}
                    <a href={articlePath(hit.slug)} dangerouslySetInnerHTML={{ __html: onlyMarkTags(hit.titleHtml) }} />
                  </h2>
                  <p className="article-list-meta">
                    <span className="tag">{SECTION_LABELS[hit.section]}</span>
                    {isOutdatedPolicy(hit.policyStatus) ? (
                      <span className="tag tag-warning">{`政策${POLICY_STATUS_LABELS[hit.policyStatus]}`}</span>
                    ) : null}
                    {hit.rank === 'pinyinTitle' || hit.rank === 'pinyinTopic' ? (
                      <span className="tag">拼音匹配</span>
                    ) : null}
                    <time dateTime={hit.publishedAt ?? undefined}>{formatDate(hit.publishedAt)}</time>
                  </p>
                  <p
                    className="article-list-summary search-snippet"
                    dangerouslySetInnerHTML={{ __html: onlyMarkTags(hit.snippetHtml) }}
                  />
                </article>
              </li>
            ))}
          </ol>
          <Pagination path={searchHref(current)} page={page} totalPages={results.totalPages} />
        </>
      ) : null}

      {state !== 'results' ? <SearchTips topics={topics} /> : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
