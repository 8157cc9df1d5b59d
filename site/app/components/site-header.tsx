import { FEDERATION_NAME, FEDERATION_NAME_EN } from '@newsroom/cms/federation'
import { useLocation } from '@remix-run/react'
import type { SiteSettings } from '~/lib/cms/settings.server'

type NavItem = { label: string; url: string }

const DEFAULT_NAV: NavItem[] = [
  { label: '首页', url: '/' },
  { label: '新闻动态', url: '/sections/news' },
  { label: '政策解读', url: '/sections/policy' },
  { label: '合作园区', url: '/sections/park' },
  { label: '通知公告', url: '/sections/notice' },
  { label: '专题', url: '/topics' },
  { label: '关于我们', url: '/about' },
]

/** The nav item for the section a page belongs to, by longest matching path prefix. */
export function currentNavUrl(items: NavItem[], pathname: string): string | null {
  let best: string | null = null
  for (const { url } of items) {
    if (!url.startsWith('/')) continue
    const matches = url === '/' ? pathname === '/' : pathname === url || pathname.startsWith(`${url}/`)
    if (matches && (!best || url.length > best.length)) best = url
  }
  return best
}

function NavLink({ item, current }: { item: NavItem; current: boolean }) {
  // `//host` and `/\host` are other sites to a browser, not paths of ours.
  if (item.url.startsWith('/') && !/^\/[/\\]/.test(item.url))
    return (
      <a href={item.url} aria-current={current ? 'page' : undefined}>
        {item.label}
      </a>
    )
  if (/^https?:\/\//i.test(item.url)) return <a href={item.url}>{item.label}</a>
  return null
}

/**
 * Site name, search and the navigation from site settings. The 适老化 tools
 * (font size, contrast, read aloud) are rendered `hidden` and shown by the
 * enhancement script, so a reader without JavaScript never meets a dead button.
 */
export function SiteHeader({ site, sectionHint }: { site?: SiteSettings; sectionHint?: string | null }) {
  const { pathname } = useLocation()
  const items = site?.navigation?.length ? site.navigation : DEFAULT_NAV
  const current = sectionHint ?? currentNavUrl(items, pathname)
  const siteName = site?.siteName ?? FEDERATION_NAME
  return (
    <header className="site-header">
      <div className="toolbar" data-a11y-toolbar hidden suppressHydrationWarning>
        <div className="wrap toolbar-inner">
          <span className="toolbar-label" aria-hidden="true">
            无障碍浏览
          </span>
          <fieldset className="toolbar-buttons">
            <legend className="visually-hidden">无障碍浏览</legend>
            <button type="button" data-font-step="-1" aria-label="A− 减小字号" suppressHydrationWarning>
              A−
            </button>
            <button type="button" data-font-step="1" aria-label="A+ 增大字号" suppressHydrationWarning>
              A+
            </button>
            <button type="button" data-contrast-toggle aria-pressed="false" suppressHydrationWarning>
              高对比度
            </button>
            <button type="button" data-read-aloud hidden aria-pressed="false" suppressHydrationWarning>
              朗读
            </button>
            <button type="button" data-speech-rate hidden suppressHydrationWarning>
              语速：正常
            </button>
          </fieldset>
          <p className="visually-hidden" aria-live="polite" data-a11y-status />
        </div>
      </div>
      <div className="wrap brand-row">
        <a href="/" className="brand">
          <svg className="brand-mark" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
            <circle cx="24" cy="24" r="22" fill="#0b4f9c" />
            <path d="M12 30 L24 12 L36 30 Z" fill="none" stroke="#fff" strokeWidth="3" strokeLinejoin="round" />
            <circle cx="24" cy="26" r="4" fill="#fff" />
            <path d="M10 35 H38" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
          </svg>
          <span className="brand-text">
            <span className="brand-name">{siteName}</span>
            <span className="brand-sub" lang="en">
              {FEDERATION_NAME_EN}
            </span>
          </span>
        </a>
        <search className="header-search" aria-label="站内搜索">
          <form method="get" action="/search">
            <label htmlFor="site-q" className="visually-hidden">
              站内搜索
            </label>
            <input
              id="site-q"
              name="q"
              type="search"
              maxLength={100}
              placeholder="搜索文章"
              autoComplete="off"
              data-suggest
            />
            <button type="submit">搜索</button>
          </form>
        </search>
      </div>
      <nav className="site-nav" aria-label="主导航">
        <ul className="wrap">
          {items.map((item) => (
            <li key={`${item.label}${item.url}`}>
              <NavLink item={item} current={item.url === current} />
            </li>
          ))}
        </ul>
      </nav>
    </header>
  )
}
