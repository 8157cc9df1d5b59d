export const monthPath = (year: number, month: number) => `/archive/${year}/${String(month).padStart(2, '0')}`

/** The twelve months of a year with their article counts; empty months are shown but not linked. */
export function ArchiveMonths({ year, counts, current }: { year: number; counts: number[]; current?: number }) {
  return (
    <nav className="archive-months" aria-label={`${year} 年各月`}>
      <ul>
        {counts.map((count, i) => {
          const month = i + 1
          const label = `${month} 月`
          return (
            <li key={month}>
              {month === current ? (
                <span aria-current="page">
                  {label}
                  <small>（{count}）</small>
                </span>
              ) : count > 0 ? (
                <a href={monthPath(year, month)}>
                  {label}
                  <small>（{count}）</small>
                </a>
              ) : (
                <span className="archive-empty">
                  {label}
                  <span className="visually-hidden">（无文章）</span>
                </span>
              )}
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
