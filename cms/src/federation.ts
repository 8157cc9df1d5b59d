/**
 * Facts about the federation that code needs before, or without, the site
 * settings: the defaults of the settings and bylines, the admin's title, the
 * mail sender, and the site's fallbacks while the CMS is away. What readers
 * see day to day is 站点设置 (globals/SiteSettings.ts), which staff edit.
 * Plain values, no imports: the site imports this as `@newsroom/cms/federation`.
 */
export const FEDERATION_NAME = '普陀区科技企业联合会'

export const FEDERATION_NAME_EN = 'Putuo District Science & Technology Enterprise Federation'

/** The sender of subscription mail unless MAIL_FROM says otherwise. */
export const DEFAULT_MAIL_FROM = 'noreply@ptkjqy.org.cn'
