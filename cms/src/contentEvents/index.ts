import type { Config, Plugin } from 'payload'
import { contentEventsEndpoint } from './contentEventsEndpoint'
import { withContentEvents, withGlobalContentEvents } from './hooks'

/**
 * Content events (docs/decisions/006): every change to what the public site
 * shows is announced with NOTIFY on the saving transaction, and relayed after
 * commit to the site instances over `GET /api/content-events`.
 */
export function contentEventsPlugin({ collections, globals }: { collections: string[]; globals: string[] }): Plugin {
  return (config: Config): Config => ({
    ...config,
    collections: config.collections?.map((c) => (collections.includes(c.slug) ? withContentEvents(c) : c)),
    globals: config.globals?.map((g) => (globals.includes(g.slug) ? withGlobalContentEvents(g) : g)),
    endpoints: [...(config.endpoints ?? []), contentEventsEndpoint],
  })
}
