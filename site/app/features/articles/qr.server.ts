import QRCode from 'qrcode'

const cache = new Map<string, string>()
const MAX_CACHED = 500

/**
 * A QR code for a URL as inline SVG markup, made on the server so the share
 * box needs no script and no third-party image service. WeChat's scanner
 * reads medium error correction comfortably at the printed size.
 */
export async function qrCodeSvg(url: string): Promise<string> {
  const cached = cache.get(url)
  if (cached) return cached
  const svg = await QRCode.toString(url, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  })
  // The library emits no accessible name; the figure's caption names it, so the SVG itself is decorative.
  const markup = svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ')
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!)
  cache.set(url, markup)
  return markup
}
