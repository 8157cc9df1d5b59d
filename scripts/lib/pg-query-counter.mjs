// A TCP proxy in front of PostgreSQL that counts the statements passing
// through it (frontend Query 'Q' and Execute 'E' messages of the wire
// protocol). `npm run bench` points the CMS at it to report how many SQL
// statements one uncached page costs, without touching the server's settings.
import net from 'node:net'

const SSL_REQUEST = 80877103
const GSSENC_REQUEST = 80877104

/** Starts the proxy on a free loopback port; `count` is the running total of statements. */
export async function startQueryCounter(upstreamUrl) {
  const upstream = new URL(upstreamUrl)
  const state = { count: 0 }
  const sockets = new Set()
  const server = net.createServer((client) => {
    const server = net.connect(Number(upstream.port || 5432), upstream.hostname)
    // Forward every chunk at once: with Nagle's algorithm on, a small write waiting for the peer's
    // delayed ACK added ~40 ms to some renders, which the bench then reported as the site's.
    client.setNoDelay(true)
    server.setNoDelay(true)
    sockets.add(client)
    sockets.add(server)
    let startup = true
    let buffer = Buffer.alloc(0)
    client.on('data', (chunk) => {
      server.write(chunk)
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk
      for (;;) {
        if (startup) {
          if (buffer.length < 8) break
          const length = buffer.readInt32BE(0)
          if (buffer.length < length) break
          const code = buffer.readInt32BE(4)
          // An SSL/GSS request is answered with one byte and followed by the real startup message.
          startup = code === SSL_REQUEST || code === GSSENC_REQUEST
          buffer = buffer.subarray(length)
          continue
        }
        if (buffer.length < 5) break
        const length = buffer.readInt32BE(1)
        if (buffer.length < length + 1) break
        const type = buffer[0]
        if (type === 0x51 /* Q */ || type === 0x45 /* E */) state.count++
        buffer = buffer.subarray(length + 1)
      }
    })
    server.pipe(client)
    const close = () => {
      client.destroy()
      server.destroy()
      sockets.delete(client)
      sockets.delete(server)
    }
    client.on('error', close).on('close', close)
    server.on('error', close).on('close', close)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const proxied = new URL(upstreamUrl)
  proxied.hostname = '127.0.0.1'
  proxied.port = String(/** @type {import('node:net').AddressInfo} */ (server.address()).port)
  return {
    url: proxied.toString(),
    get count() {
      return state.count
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(resolve)
      }),
  }
}
