// The bare Node reference for `npm run bench`: a node:http server that answers
// each path with fixed bytes and headers read from a manifest, doing nothing
// else. The site's cache hits are measured against this ceiling.
import { readFileSync } from 'node:fs'
import http from 'node:http'

const [manifestFile, port] = process.argv.slice(2)
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
const routes = new Map(
  Object.entries(manifest).map(([path, { file, headers }]) => {
    const body = readFileSync(file)
    return [path, { body, headers: { ...headers, 'content-length': body.length } }]
  }),
)
http
  .createServer((req, res) => {
    const route = routes.get(req.url ?? '')
    if (!route) {
      res.writeHead(404)
      return res.end()
    }
    res.writeHead(200, route.headers)
    res.end(route.body)
  })
  .listen(Number(port), '127.0.0.1', () => console.log('ready'))
