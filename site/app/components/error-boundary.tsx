import { isRouteErrorResponse, useRouteError } from '@remix-run/react'
import type { ReactNode } from 'react'

type StatusHandler = (info: { status: number; data: unknown }) => ReactNode

type ErrorLink = { to: string; label: string }

/** The shell every error page shares: status code, heading, explanation, the ways on (home first). */
export function ErrorPage({
  code,
  title,
  children,
  links = [],
  after,
}: {
  code?: number
  title: string
  children: ReactNode
  links?: ErrorLink[]
  after?: ReactNode
}) {
  return (
    <section className="error-page" aria-labelledby="error-title">
      {code ? (
        <p className="error-code" aria-hidden="true">
          {code}
        </p>
      ) : null}
      <h1 id="error-title">{title}</h1>
      {children}
      <ul className="error-actions">
        {[{ to: '/', label: '返回网站首页' }, ...links].map((link) => (
          <li key={link.to}>
            <a href={link.to}>{link.label}</a>
          </li>
        ))}
      </ul>
      {after}
    </section>
  )
}

/** What readers see for a page that does not exist. */
function NotFound() {
  return (
    <ErrorPage
      code={404}
      title="抱歉，您访问的页面不存在"
      links={[
        { to: '/sections/news', label: '浏览新闻动态' },
        { to: '/topics', label: '按专题查找' },
      ]}
      after={
        <search aria-label="查找您要的内容">
          <form className="error-search" method="get" action="/search">
            <label htmlFor="error-q">站内搜索</label>
            <input id="error-q" name="q" type="search" maxLength={100} placeholder="输入关键词" />
            <button type="submit">搜索</button>
          </form>
        </search>
      }
    >
      <p>页面可能已被删除、更名，或者链接输入有误。您可以：</p>
    </ErrorPage>
  )
}

/** What readers see when something on our side failed. */
function ServerError() {
  return (
    <ErrorPage code={500} title="服务暂时不可用">
      <p>网站遇到了一点问题，我们正在处理。请稍后刷新页面重试。</p>
    </ErrorPage>
  )
}

/** Minutes to wait, from a 429's `{ retryAfter }` (seconds); at least one. */
function retryMinutes(data: unknown): number {
  const seconds = Number((data as { retryAfter?: unknown } | null)?.retryAfter)
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 1
}

/** What a reader sees after too many requests in a short time (429, with Retry-After). */
function TooManyRequests({ minutes }: { minutes: number }) {
  return (
    <ErrorPage code={429} title="访问过于频繁">
      <p>{`您在短时间内的请求次数过多，请 ${minutes} 分钟后再试。`}</p>
    </ErrorPage>
  )
}

const DEFAULT_HANDLERS: Record<number, StatusHandler> = {
  400: () => <NotFound />,
  404: () => <NotFound />,
  429: ({ data }) => <TooManyRequests minutes={retryMinutes(data)} />,
}

/**
 * The one error boundary. Each route exports `ErrorBoundary` rendering this,
 * optionally with its own handlers per status; everything unhandled (thrown
 * errors, 5xx) gets the generic 500 page and never the error's details.
 */
export function GeneralErrorBoundary({ statusHandlers = {} }: { statusHandlers?: Record<number, StatusHandler> }) {
  const error = useRouteError()
  if (isRouteErrorResponse(error)) {
    const handler = statusHandlers[error.status] ?? DEFAULT_HANDLERS[error.status]
    if (handler) return <>{handler({ status: error.status, data: error.data })}</>
  }
  return <ServerError />
}
