// Progressive enhancement for every page: the 适老化 tools (font size, high
// contrast, read aloud), copy-link and the view-count beacon. Plain DOM, no
// framework, no inline handlers (a CSP without 'unsafe-inline' must pass it);
// a page works completely without this file.
const root = document.documentElement
/**
 * The elements a data-attribute selector names; everything this script looks up is an HTML element
 * (for the type checker, which types a bare `[data-…]` selector as Element).
 * @type {(selector: string) => NodeListOf<HTMLElement>}
 */
const all = (selector) => document.querySelectorAll(selector)
/** @type {(selector: string) => HTMLElement | null} */
const one = (selector) => document.querySelector(selector)
const FONT_LEVELS = 5
const DEFAULT_FONT = 1
const store = {
  get(key) {
    try {
      return localStorage.getItem(key)
    } catch {
      return null
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, value)
    } catch {}
  },
}

const status = one('[data-a11y-status]')
function announce(message) {
  if (status) status.textContent = message
}

// Font size: html[data-font] 0–4, default 1 (18px); CSS maps the levels to sizes.
let font = Number(store.get('newsroom.font') ?? DEFAULT_FONT)
if (!(font >= 0 && font < FONT_LEVELS)) font = DEFAULT_FONT
function applyFont() {
  root.dataset.font = String(font)
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (all('[data-font-step]'))) {
    const step = Number(button.dataset.fontStep)
    button.disabled = font + step < 0 || font + step >= FONT_LEVELS
  }
}

// High contrast: html[data-contrast="high"].
let contrast = store.get('newsroom.contrast') === 'high'
function applyContrast() {
  if (contrast) root.dataset.contrast = 'high'
  else delete root.dataset.contrast
  for (const button of all('[data-contrast-toggle]')) button.setAttribute('aria-pressed', String(contrast))
}

applyFont()
applyContrast()

for (const button of all('[data-font-step]')) {
  button.addEventListener('click', () => {
    font = Math.min(FONT_LEVELS - 1, Math.max(0, font + Number(button.dataset.fontStep)))
    store.set('newsroom.font', String(font))
    applyFont()
    announce(`字号已调整为第 ${font + 1} 级，共 ${FONT_LEVELS} 级`)
  })
}
for (const button of all('[data-contrast-toggle]')) {
  button.addEventListener('click', () => {
    contrast = !contrast
    store.set('newsroom.contrast', contrast ? 'high' : 'normal')
    applyContrast()
    announce(contrast ? '已开启高对比度模式' : '已关闭高对比度模式')
  })
}

// Read aloud with the browser's own speech synthesis. Long texts are queued in
// sentence-sized pieces: some engines stop silently after ~15 s of one utterance.
const speech = 'speechSynthesis' in window && 'SpeechSynthesisUtterance' in window ? window.speechSynthesis : null
const readButtons = all('[data-read-aloud]')
const rateButtons = all('[data-speech-rate]')
let reading = false

// Speaking rate, remembered like the font size: older readers often want it slower.
// The order a click cycles through: slower first, as that is what older readers usually want.
const RATES = [
  { value: 1, label: '正常' },
  { value: 0.75, label: '慢' },
  { value: 1.25, label: '快' },
]
let rateIndex = Math.max(
  0,
  RATES.findIndex((r) => String(r.value) === store.get('newsroom.speechRate')),
)
function applyRate() {
  for (const button of rateButtons) {
    button.textContent = `语速：${RATES[rateIndex].label}`
    button.setAttribute('aria-label', `朗读语速：${RATES[rateIndex].label}，点击切换`)
  }
}
function setReading(value) {
  reading = value
  for (const button of readButtons) {
    button.setAttribute('aria-pressed', String(value))
    button.textContent = value ? '停止朗读' : '朗读'
  }
}
function readableText() {
  const target = one('[data-readable]') ?? one('main')
  if (!target) return ''
  // A listener needs the headline first; on articles it sits outside the readable body.
  const heading = one('main h1')
  // innerText, not textContent: it skips hidden text and keeps paragraph breaks for the speech engine's pauses.
  // biome-ignore lint/performance/useDomNodeTextContent: see above
  const title = heading && !target.contains(heading) ? `${heading.innerText}。\n` : ''
  // biome-ignore lint/performance/useDomNodeTextContent: see above
  return title + target.innerText
}
function chunks(text) {
  const pieces = text.replace(/\s+/g, ' ').match(/[^。！？!?；;\n]+[。！？!?；;]?/g) ?? []
  const out = []
  let current = ''
  for (const piece of pieces) {
    if ((current + piece).length > 120 && current) {
      out.push(current)
      current = ''
    }
    current += piece
  }
  if (current.trim()) out.push(current)
  return out
}
if (speech) {
  for (const button of readButtons) {
    button.hidden = false
    button.addEventListener('click', () => {
      speech.cancel()
      if (reading) return setReading(false)
      const voice = speech.getVoices().find((v) => /^zh(-|_)?(CN|Hans)?/i.test(v.lang))
      const parts = chunks(readableText())
      if (!parts.length) return
      setReading(true)
      parts.forEach((part, index) => {
        const utterance = new SpeechSynthesisUtterance(part)
        utterance.lang = 'zh-CN'
        utterance.rate = RATES[rateIndex].value
        if (voice) utterance.voice = voice
        if (index === parts.length - 1) utterance.addEventListener('end', () => setReading(false))
        utterance.addEventListener('error', () => setReading(false))
        speech.speak(utterance)
      })
    })
  }
  window.addEventListener('pagehide', () => speech.cancel())
  applyRate()
  for (const button of rateButtons) {
    button.hidden = false
    button.addEventListener('click', () => {
      rateIndex = (rateIndex + 1) % RATES.length
      store.set('newsroom.speechRate', String(RATES[rateIndex].value))
      applyRate()
      announce(`朗读语速已调整为${RATES[rateIndex].label}`)
      // Queued sentences keep the rate they were queued with: stop, so the next 朗读 uses the new one.
      if (reading) {
        speech.cancel()
        setReading(false)
      }
    })
  }
}

for (const toolbar of all('[data-a11y-toolbar]')) toolbar.hidden = false

// Copy link: the URL is printed next to the button, so without JavaScript (or
// clipboard permission) readers can still select it by hand.
for (const button of all('[data-copy-link]')) {
  button.hidden = false
  button.addEventListener('click', async () => {
    const url = button.dataset.copyLink ?? location.href
    const field = /** @type {HTMLInputElement | null} */ (
      document.getElementById(button.getAttribute('aria-controls') ?? '')
    )
    try {
      await navigator.clipboard.writeText(url)
      announce('链接已复制，可以粘贴到微信或其他应用中分享')
      button.textContent = '已复制'
    } catch {
      if (field) {
        field.focus()
        field.select()
      }
      announce('请按 Ctrl+C（手机上长按）复制已选中的链接')
    }
  })
}

for (const button of all('[data-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}

// View count (点击量): one beacon after the page is shown, never on the
// critical path; automation is skipped here and bots again on the server.
const article = one('[data-article-id]')
if (article && !navigator.webdriver && 'sendBeacon' in navigator) {
  const send = () => {
    const body = new URLSearchParams({ id: article.dataset.articleId ?? '' })
    navigator.sendBeacon('/views', body)
  }
  // Pages opened in a background tab count when first seen, not when loaded.
  const whenVisible = () => {
    if (document.visibilityState !== 'visible') return
    document.removeEventListener('visibilitychange', whenVisible)
    setTimeout(send, 1000)
  }
  document.addEventListener('visibilitychange', whenVisible)
  whenVisible()
}

// Search suggestions: the module (enhance/suggest.js, its URL on this script's tag) loads on the first
// focus of a search box, so a page that is only read carries none of it.
const suggestSrc = one('script[data-suggest-src]')?.dataset.suggestSrc
if (suggestSrc) {
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (all('input[data-suggest]'))) {
    input.addEventListener(
      'focus',
      () => {
        import(suggestSrc).then(({ attach }) => attach(input)).catch(() => {})
      },
      { once: true },
    )
  }
}
