// Title suggestions under a search box as the reader types (issue 15): up to 8 links from
// /search/suggest, an ARIA combobox (arrows move, Enter opens, Escape closes). enhance.js loads this
// file the first time a search box gets focus, so pages carry none of it until a reader searches;
// without it every box is the plain GET form it always was.
/** @param {string} html */
const marksOnly = (html) => html.replace(/<(?!\/?mark>)/g, '&lt;')
let counter = 0

/** @param {HTMLInputElement} input */
export function attach(input) {
  if (input.dataset.suggestReady) return
  input.dataset.suggestReady = '1'
  const list = document.createElement('ul')
  list.id = `suggest-${++counter}`
  list.className = 'suggest-list'
  list.setAttribute('role', 'listbox')
  list.setAttribute('aria-label', '搜索建议')
  list.hidden = true
  input.setAttribute('role', 'combobox')
  input.setAttribute('aria-autocomplete', 'list')
  input.setAttribute('aria-controls', list.id)
  input.setAttribute('aria-expanded', 'false')
  input.after(list)
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer
  /** @type {AbortController | null} */
  let pending = null
  let active = -1

  const options = () => [...list.children]
  const show = (open) => {
    list.hidden = !open
    input.setAttribute('aria-expanded', String(open))
    if (!open) {
      active = -1
      input.removeAttribute('aria-activedescendant')
    }
  }
  const highlight = (index) => {
    const items = options()
    active = index
    for (const [i, item] of items.entries()) item.setAttribute('aria-selected', String(i === index))
    if (index >= 0) input.setAttribute('aria-activedescendant', items[index].id)
    else input.removeAttribute('aria-activedescendant')
  }
  const render = (suggestions) => {
    list.replaceChildren(
      ...suggestions.map((s, i) => {
        const item = document.createElement('li')
        item.id = `${list.id}-${i}`
        item.setAttribute('role', 'option')
        const link = document.createElement('a')
        link.href = `/articles/${encodeURIComponent(s.slug)}`
        link.tabIndex = -1
        link.innerHTML = marksOnly(s.titleHtml)
        item.append(link)
        return item
      }),
    )
    show(suggestions.length > 0)
  }

  input.addEventListener('input', () => {
    clearTimeout(timer)
    const q = input.value.trim()
    if (!q) return render([])
    timer = setTimeout(async () => {
      pending?.abort()
      pending = new AbortController()
      try {
        const response = await fetch(`/search/suggest?q=${encodeURIComponent(q)}`, { signal: pending.signal })
        if (response.ok && input.value.trim() === q) render((await response.json()).suggestions ?? [])
      } catch {}
    }, 120)
  })
  input.addEventListener('keydown', (event) => {
    if (list.hidden) return
    const count = options().length
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      // -1 is the box itself: down past the last suggestion, or up past the first, returns to the typed text.
      let next = active + step
      if (next >= count) next = -1
      else if (next < -1) next = count - 1
      highlight(next)
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault()
      options()[active].querySelector('a')?.click()
    } else if (event.key === 'Escape') {
      show(false)
    }
  })
  // Let a click on a suggestion land before the list goes.
  input.addEventListener('blur', () => setTimeout(() => show(false), 200))
}
