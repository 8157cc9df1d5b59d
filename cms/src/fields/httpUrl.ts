import type { TextField } from 'payload'

/** Only http(s) links reach readers: no javascript:, data: or relative tricks. */
const validateHttpUrl = (value: unknown): true | string =>
  !value || (typeof value === 'string' && value.length <= 2000 && /^https?:\/\/[^\s<>"']+$/i.test(value))
    ? true
    : '请填写以 http:// 或 https:// 开头的网址'

export const httpUrlField = (name: string, label: string): TextField => ({
  name,
  type: 'text',
  label,
  validate: validateHttpUrl,
})

/**
 * A navigation entry: a path on the site (`/sections/news`) or an http(s)
 * address. The site renders nothing else (site-header.tsx), so refusing it
 * here tells the admin why the entry would not show.
 */
export const validateNavUrl = (value: unknown): true | string =>
  typeof value === 'string' &&
  value.length <= 200 &&
  (/^\/(?![/\\])[^\s<>"'\\]*$/.test(value) || /^https?:\/\/[^\s<>"'\\]+$/i.test(value))
    ? true
    : '请填写站内路径（以 / 开头，如 /sections/news）或以 http://、https:// 开头的网址'
