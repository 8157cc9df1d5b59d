import { env } from '../lib/env'

/** The public pages a token opens (site routes; see SPEC.md "Public URLs"). */
export const confirmUrl = (token: string) => `${env.SITE_URL}/subscribe/confirm?token=${token}`
export const manageUrl = (token: string) => `${env.SITE_URL}/subscription?token=${token}`
export const unsubscribeUrl = (token: string) => `${env.SITE_URL}/unsubscribe?token=${token}`
export const articleUrl = (slug: string) => `${env.SITE_URL}/articles/${encodeURIComponent(slug)}`

/** Upload URLs may be relative to the CMS; a mail needs absolute ones. */
export const absoluteCmsUrl = (url: string) =>
  /^https?:\/\//.test(url) ? url : `${env.CMS_URL}${url.startsWith('/') ? '' : '/'}${url}`
