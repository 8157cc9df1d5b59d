// @ts-check
// deploy/nginx/newsroom.conf.template, rendered the way the README says
// (envsubst with the names in deploy/nginx/variables) and run by Debian's
// nginx in a folder of the caller's, on loopback ports: the front of the
// multi-instance test and of the cluster bench.
import { execFile, spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from './local-settings.mjs'
import { stopChild } from './processes.mjs'

const execFileAsync = promisify(execFile)
const NGINX_TEMPLATE = path.join(REPO_ROOT, 'deploy/nginx/newsroom.conf.template')
const VARIABLES = path.join(REPO_ROOT, 'deploy/nginx/variables')

/**
 * A self-signed certificate for 127.0.0.1 and localhost (the TLS placeholders' stand-in).
 * @param {string} dir
 * @returns {Promise<{ cert: string, key: string }>}
 */
export async function makeSelfSignedCertificate(dir) {
  const cert = path.join(dir, 'tls.crt')
  const key = path.join(dir, 'tls.key')
  await execFileAsync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
  ])
  return { cert, key }
}

/**
 * @typedef {object} NginxFront
 * @property {string} config  the rendered newsroom.conf
 * @property {import('node:child_process').ChildProcess} process
 * @property {() => Promise<void>} stop
 */

/**
 * @param {object} options
 * @param {string} options.dir  an empty folder for the configuration, temp files and logs
 * @param {Record<string, string>} options.values  NEWSROOM_* values, as in deploy/nginx/nginx.env.example
 * @param {string} [options.nginx]  the binary
 * @returns {Promise<NginxFront>}
 */
export async function startNginxFront({ dir, values, nginx = 'nginx' }) {
  const variables = (await fs.readFile(VARIABLES, 'utf8')).trim()
  const template = await fs.readFile(NGINX_TEMPLATE, 'utf8')
  const config = await new Promise((resolve, reject) => {
    const child = spawn('envsubst', [variables], {
      env: /** @type {NodeJS.ProcessEnv} */ (/** @type {unknown} */ ({ PATH: process.env.PATH ?? '', ...values })),
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
    })
    child.stderr.on('data', (chunk) => {
      err += chunk
    })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`envsubst failed: ${err}`))))
    child.stdin.end(template)
  })
  await fs.writeFile(path.join(dir, 'newsroom.conf'), config)
  // What Debian's /etc/nginx/nginx.conf provides around conf.d/*.conf, in this folder.
  const temp = ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
  for (const name of temp) await fs.mkdir(path.join(dir, `temp-${name}`), { recursive: true, mode: 0o777 })
  await fs.chmod(dir, 0o755)
  const main = `worker_processes 2;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  access_log off;
${temp.map((name) => `  ${name === 'body' ? 'client_body' : name}_temp_path ${dir}/temp-${name};`).join('\n')}
  include ${dir}/newsroom.conf;
}
`
  const mainFile = path.join(dir, 'nginx.conf')
  await fs.writeFile(mainFile, main)
  try {
    await execFileAsync(nginx, ['-t', '-q', '-c', mainFile, '-p', dir])
  } catch (error) {
    throw new Error(`nginx -t refused the rendered configuration: ${/** @type {any} */ (error).stderr ?? error}`)
  }
  const child = spawn(nginx, ['-c', mainFile, '-p', dir, '-g', 'daemon off;'], { stdio: 'ignore' })
  const ports = [values.NEWSROOM_HTTP_LISTEN, values.NEWSROOM_HTTPS_LISTEN, values.NEWSROOM_CMS_INTERNAL_LISTEN]
  const deadline = Date.now() + 10_000
  for (const listen of ports) {
    const port = Number(String(listen).split(':').pop())
    for (;;) {
      const open = await new Promise((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port }, () => {
          socket.destroy()
          resolve(true)
        })
        socket.on('error', () => resolve(false))
      })
      if (open) break
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `nginx did not listen on ${listen}: ${await fs.readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '')}`,
        )
      }
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  return { config, process: child, stop: () => stopChild(child) }
}
