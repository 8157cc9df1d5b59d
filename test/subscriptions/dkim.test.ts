/**
 * DKIM (issue 16, docs/decisions/019): the test stack's CMS runs with
 * DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE, as production would.
 *
 * - `npm run mail:dns` prints the DKIM record (and SPF and DMARC hints) from the key;
 * - a confirmation and an article mail, received over real SMTP, verify with
 *   `mailauth` against exactly that printed record (its DNS resolver is a
 *   function answering the one TXT name locally: nothing here is on the Internet);
 * - the same message altered in transit no longer verifies;
 * - settings nodemailer could not sign with stop the CMS at startup with a clear message.
 */
import { execFile } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { dkimVerify } from 'mailauth/lib/dkim/verify'
import { beforeAll, describe, expect, it } from 'vitest'
import { createStaff, requireStack } from '../support/api'
import { mailsTo, site, uniqueEmail, waitForMail } from '../support/mail'
import { addSubscriber, createTopic, publishArticle } from './helpers'

const REPO_ROOT = path.resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

/** `npm run mail:dns` with these settings (the script itself, without npm's banner). */
async function mailDns(settings: Record<string, string>) {
  return run(process.execPath, ['scripts/mail-dns.mjs'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', ...settings },
  })
}

/** The TXT records in mail:dns output, name → value with the quoted strings joined. */
function records(output: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const line of output.split('\n')) {
    const match = /^(\S+)\.\s+IN\s+TXT\s+(.+)$/.exec(line)
    if (match) found.set(match[1], [...match[2].matchAll(/"([^"]*)"/g)].map((m) => m[1]).join(''))
  }
  return found
}

/** A DNS resolver for mailauth that knows only the records mail:dns printed. */
const resolverFor = (published: Map<string, string>) => async (name: string, type: string) => {
  const value = type === 'TXT' ? published.get(name.replace(/\.$/, '').toLowerCase()) : undefined
  if (value === undefined) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' })
  return [[value]]
}

let published: Map<string, string>
let editor: string
let topic: { id: number; slug: string }

beforeAll(async () => {
  editor = (await createStaff('editor')).token
  topic = await createTopic(editor)
  const { dkim } = requireStack()
  const { stdout } = await mailDns({
    DKIM_DOMAIN: dkim.domain,
    DKIM_SELECTOR: dkim.selector,
    DKIM_PRIVATE_KEY_FILE: dkim.privateKeyFile,
    MAIL_FROM: `noreply@${dkim.domain}`,
    SMTP_URL: 'smtps://newsroom:secret@smtp.exmail.example.cn:465',
  })
  published = records(stdout)
})

describe('npm run mail:dns', () => {
  it('prints the DKIM public key, an SPF hint and a DMARC hint', () => {
    const { dkim } = requireStack()
    expect(published.get(`${dkim.selector}._domainkey.${dkim.domain}`)).toMatch(
      /^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{300,}$/,
    )
    expect(published.get(dkim.domain)).toBe('v=spf1 a:smtp.exmail.example.cn mx ~all')
    expect(published.get(`_dmarc.${dkim.domain}`)).toMatch(/^v=DMARC1; p=none; rua=mailto:dmarc@ptkjqy\.org\.cn/)
  })

  it('reads an inline key with \\n escapes the same way, and explains what is missing', async () => {
    const { dkim } = requireStack()
    const inline = readFileSync(dkim.privateKeyFile, 'utf8').trim().replace(/\n/g, '\\n')
    const { stdout } = await mailDns({
      DKIM_DOMAIN: dkim.domain,
      DKIM_SELECTOR: dkim.selector,
      DKIM_PRIVATE_KEY: inline,
    })
    const key = `${dkim.selector}._domainkey.${dkim.domain}`
    expect(records(stdout).get(key)).toBe(published.get(key))
    const missing = await mailDns({ DKIM_DOMAIN: dkim.domain }).catch((error) => error)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('DKIM_SELECTOR')
  })
})

describe('every mail is DKIM-signed', () => {
  it('a confirmation mail verifies against the published key, and fails once altered', async () => {
    const { dkim } = requireStack()
    const email = uniqueEmail('dkim-confirm')
    const posted = await site('POST', '/subscribe', { form: { email, topics: [topic.slug], frequency: 'immediate' } })
    expect(posted.status).toBe(303)
    await waitForMail(email, 1)
    const [mail] = await mailsTo(email, { raw: true })
    expect(mail.headers['dkim-signature']).toContain(`d=${dkim.domain}`)

    const result = await dkimVerify(mail.raw ?? '', { resolver: resolverFor(published) as never })
    expect(result.results).toHaveLength(1)
    const [signature] = result.results
    expect(signature.status.result, signature.status.comment).toBe('pass')
    expect(signature.signingDomain).toBe(dkim.domain)
    expect(signature.selector).toBe(dkim.selector)
    expect(signature.status.aligned).toBe(dkim.domain)

    // The Subject is signed: a changed one (here a forwarder's tag) breaks the signature.
    const altered = (mail.raw ?? '').replace(/^Subject: /m, 'Subject: [外部] ')
    const tampered = await dkimVerify(altered, { resolver: resolverFor(published) as never })
    expect(tampered.results[0].status.result).not.toBe('pass')
  })

  it('so does an article mail', async () => {
    const email = uniqueEmail('dkim-article')
    await addSubscriber({ email, topics: [topic.id] })
    const article = await publishArticle(editor, { title: `签名测试文章 ${Date.now()}`, topics: [topic.id] })
    await waitForMail(email, 1)
    const [mail] = await mailsTo(email, { raw: true })
    expect(mail.subject).toBe(article.title)
    const result = await dkimVerify(mail.raw ?? '', { resolver: resolverFor(published) as never })
    expect(result.results[0].status.result, result.results[0].status.comment).toBe('pass')
  })
})

describe('DKIM settings are checked at startup', () => {
  /** Loads the CMS's settings module as the CMS does when it starts; resolves to its error output. */
  async function startupError(settings: Record<string, string>): Promise<string> {
    const outcome = await run(
      process.execPath,
      ['--import', 'tsx', '--conditions=production', '-e', "await import('./cms/src/lib/env.ts')"],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
          PAYLOAD_SECRET: 'a-test-secret-for-settings-checks-only-0123456789',
          ...settings,
        },
      },
    ).catch((error) => error as { code: number; stderr: string })
    return 'stderr' in outcome && 'code' in outcome && outcome.code !== 0 ? outcome.stderr : ''
  }

  it('refuses a domain without a key, a key that is not one, and a key nodemailer cannot sign with', async () => {
    const { dkim } = requireStack()
    const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const [noKey, notAKey, wrongType, unaligned, fine] = await Promise.all([
      startupError({ DKIM_DOMAIN: dkim.domain, DKIM_SELECTOR: dkim.selector }),
      startupError({ DKIM_DOMAIN: dkim.domain, DKIM_SELECTOR: dkim.selector, DKIM_PRIVATE_KEY: 'not a key' }),
      startupError({ DKIM_DOMAIN: dkim.domain, DKIM_SELECTOR: dkim.selector, DKIM_PRIVATE_KEY: ed25519 }),
      startupError({
        DKIM_DOMAIN: 'example.com',
        DKIM_SELECTOR: dkim.selector,
        DKIM_PRIVATE_KEY_FILE: dkim.privateKeyFile,
      }),
      startupError({
        DKIM_DOMAIN: dkim.domain,
        DKIM_SELECTOR: dkim.selector,
        DKIM_PRIVATE_KEY_FILE: dkim.privateKeyFile,
      }),
    ])
    expect(noKey).toContain('cannot start, its settings are invalid')
    expect(noKey).toContain('DKIM_PRIVATE_KEY: DKIM needs DKIM_PRIVATE_KEY')
    expect(notAKey).toContain('DKIM_PRIVATE_KEY: the DKIM key is not a PEM private key')
    expect(wrongType).toContain('the DKIM key is a ed25519 key; nodemailer signs with RSA only')
    expect(unaligned).toContain("does not match MAIL_FROM's domain ptkjqy.org.cn")
    expect(fine).toBe('')
  })
})
