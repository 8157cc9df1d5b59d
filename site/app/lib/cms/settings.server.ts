import { FEDERATION_NAME } from '@newsroom/cms/federation'
import type { SiteSetting } from '@newsroom/cms/types'
import { fields, restGet } from './content.server'
import { cmsFailed } from './transport.server'

export type SiteSettings = Pick<
  SiteSetting,
  'siteName' | 'description' | 'contact' | 'footer' | 'navigation' | 'weiboUrl'
>

const FALLBACK_SETTINGS: SiteSettings = { siteName: FEDERATION_NAME, description: null, navigation: [] }

let settingsCache: { value: SiteSettings; expires: number; generation: unknown } | undefined
let settingsInFlight: { generation: unknown; promise: Promise<SiteSettings> } | undefined

/**
 * Bumped by the response cache (site/server/response-cache.js) whenever content
 * changes: a page re-rendered after a purge must not be built from settings
 * fetched before it (docs/decisions/006).
 */
const contentGeneration = () => (globalThis as Record<symbol, unknown>)[Symbol.for('newsroom.contentGeneration')]

const SETTINGS_PATH = '/globals/site-settings'

/**
 * Every page shows the header and footer, so settings are kept for one
 * second: a change in the admin shows within the SPEC's one-second promise,
 * and a busy site asks the CMS about once a second, not once a request.
 */
export async function getSiteSettings(): Promise<SiteSettings> {
  const generation = contentGeneration()
  if (settingsCache && settingsCache.expires > Date.now() && settingsCache.generation === generation) {
    return settingsCache.value
  }
  if (settingsInFlight && settingsInFlight.generation === generation) return settingsInFlight.promise
  const promise = restGet<SiteSettings>(SETTINGS_PATH, {
    depth: 0,
    select: fields('siteName', 'description', 'contact', 'footer', 'navigation', 'weiboUrl'),
  })
    .then((value) => {
      if (value === null) throw cmsFailed(404, SETTINGS_PATH)
      const fresh = { ...FALLBACK_SETTINGS, ...value }
      settingsCache = { value: fresh, expires: Date.now() + 1000, generation }
      return fresh
    })
    .finally(() => {
      if (settingsInFlight?.promise === promise) settingsInFlight = undefined
    })
  settingsInFlight = { generation, promise }
  return promise
}
