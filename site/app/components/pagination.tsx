/** Page numbers around the current one, with gaps: 1 … 4 5 [6] 7 8 … 20. */
export function pageWindow(current: number, total: number, radius = 2): (number | null)[] {
  const pages: (number | null)[] = []
  for (let p = 1; p <= total; p++) {
    if (p === 1 || p === total || Math.abs(p - current) <= radius) pages.push(p)
    else if (pages[pages.length - 1] !== null) pages.push(null)
  }
  return pages
}

export function Pagination({ path, page, totalPages }: { path: string; page: number; totalPages: number }) {
  if (totalPages <= 1) return null
  // `path` may carry a query already (/search?q=…): page joins it.
  const href = (p: number) => (p === 1 ? path : `${path}${path.includes('?') ? '&' : '?'}page=${p}`)
  return (
    <nav className="pagination" aria-label="分页">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          上一页
        </a>
      ) : null}
      <ul>
        {pageWindow(page, totalPages).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              {p === page ? (
                <span aria-current="page">{p}</span>
              ) : (
                <a href={href(p)} aria-label={`第 ${p} 页`}>
                  {p}
                </a>
              )}
            </li>
          ),
        )}
      </ul>
      {page < totalPages ? (
        <a href={href(page + 1)} rel="next">
          下一页
        </a>
      ) : null}
      <span className="pagination-status">
        第 {page} / {totalPages} 页
      </span>
    </nav>
  )
}
