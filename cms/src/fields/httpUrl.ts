import type { TextField } from 'payload'

/** Only http(s) links reach readers: no javascript:, data: or relative tricks. */
export const validateHttpUrl = (value: unknown): true | string =>
  !value || (typeof value === 'string' && value.length <= 2000 && /^https?:\/\/[^\s<>"']+$/i.test(value))
    ? true
    : '请填写以 http:// 或 https:// 开头的网址'

export const httpUrlField = (name: string, label: string): TextField => ({
  name,
  type: 'text',
  label,
  validate: validateHttpUrl,
})
