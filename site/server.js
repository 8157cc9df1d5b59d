// The site's HTTP server entry: a plain `node:http` server (no Express) around
// Remix, in server/site-server.js. With SITE_WORKERS above 1 this process
// supervises that many copies under node:cluster, which share the port: a
// Node process answers cache hits on one core, and a site host usually has
// more. Each worker keeps its own response cache and its own content-event
// stream, exactly like separate instances behind a load balancer.
import cluster from 'node:cluster'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readServerSettings } from './server/settings.js'
import { startSiteServer } from './server/site-server.js'
import { superviseWorkers } from './server/workers.js'

const settings = readServerSettings(process.env)

if (settings.workers > 1 && cluster.isPrimary) superviseWorkers(settings.workers)
else await startSiteServer(settings, path.dirname(fileURLToPath(import.meta.url)))
