// The supervisor of SITE_WORKERS site processes (server.js): keeps that many
// running and stops them together. Workers share the listening port through
// node:cluster; each is a whole site instance (server/site-server.js).
import cluster from 'node:cluster'

/** A worker dying this often within a minute is broken (a bad build, a taken port), not unlucky. */
const MAX_DEATHS_PER_MINUTE_PER_WORKER = 5

export function superviseWorkers(count) {
  let stopping = false
  const deaths = []
  const alive = () => Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined)

  for (let i = 0; i < count; i++) cluster.fork()
  console.log(`site: ${count} worker processes on one port (SITE_WORKERS)`)

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (alive().length === 0) process.exit(process.exitCode ?? 0)
      return
    }
    const now = Date.now()
    deaths.push(now)
    while (deaths[0] < now - 60_000) deaths.shift()
    if (deaths.length > count * MAX_DEATHS_PER_MINUTE_PER_WORKER) {
      console.error('site: workers keep dying on start; stopping instead of restarting them forever')
      process.exitCode = 1
      stop('SIGTERM')
      return
    }
    console.error(`site: worker ${worker.process.pid} exited (${signal ?? code}); starting a new one`)
    setTimeout(() => cluster.fork(), 200)
  })

  function stop(signal) {
    stopping = true
    for (const worker of alive()) worker.process.kill(signal)
    if (alive().length === 0) process.exit(process.exitCode ?? 0)
    // Workers close their own keep-alive connections within 2 s; this only guards against a stuck one.
    setTimeout(() => process.exit(process.exitCode ?? 0), 3000).unref()
  }
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(signal))
}
