export type Crumb = { label: string; to?: string }

/** 首页 › 栏目 › …; the last crumb is the current page and is not a link. */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav className="breadcrumbs" aria-label="当前位置">
      <ol>
        <li>
          <a href="/">首页</a>
        </li>
        {items.map((item) => (
          <li key={item.label}>
            {item.to ? <a href={item.to}>{item.label}</a> : <span aria-current="page">{item.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  )
}
