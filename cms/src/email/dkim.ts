import { createPrivateKey } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import type DKIM from 'nodemailer/lib/dkim'

/**
 * DKIM signing of every outgoing mail (docs/decisions/019): nodemailer signs
 * with its own `dkim` option, we only read and check the key. The same checks
 * run at startup (lib/env.ts), so a key nodemailer could not use stops the CMS
 * with a clear message instead of failing each send later.
 */

/** PEM as pasted into one environment line: `\n` escapes stand for line breaks. */
export function normalizePem(raw: string): string {
  const text = raw.includes('\n') ? raw : raw.replace(/\\n/g, '\n')
  return `${text.trim()}\n`
}

/** Reads DKIM_PRIVATE_KEY_FILE; a sentence when it cannot. */
export function readKeyFile(file: string): { pem: string } | { problem: string } {
  if (!existsSync(file)) return { problem: `DKIM_PRIVATE_KEY_FILE ${file} does not exist` }
  try {
    return { pem: normalizePem(readFileSync(file, 'utf8')) }
  } catch (error) {
    return { problem: `DKIM_PRIVATE_KEY_FILE ${file} cannot be read: ${(error as Error).message}` }
  }
}

/** Why nodemailer could not sign with this key (it signs rsa-sha256 only), or null. */
export function dkimKeyProblem(pem: string): string | null {
  let key: ReturnType<typeof createPrivateKey>
  try {
    key = createPrivateKey(pem)
  } catch {
    return 'is not a PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)'
  }
  if (key.asymmetricKeyType !== 'rsa') {
    return `is a ${key.asymmetricKeyType} key; nodemailer signs with RSA only (openssl genrsa -out dkim.pem 2048)`
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  // RFC 8301: verifiers must not accept keys under 1024 bits; large mailbox providers want 2048.
  if (bits < 1024) return `has ${bits} bits; DKIM needs at least 1024 (2048 recommended)`
  return null
}

/** DMARC's relaxed alignment, without a public-suffix list: one domain is the other or a subdomain of it. */
export function aligned(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()]
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`)
}

type DkimEnv = {
  DKIM_DOMAIN?: string
  DKIM_SELECTOR?: string
  /** Resolved by lib/env.ts: the inline key, or the file's contents. */
  DKIM_PRIVATE_KEY?: string
}

/** nodemailer's `dkim` transport option, when DKIM is configured. */
export function dkimOptions(env: DkimEnv): DKIM.Options | undefined {
  if (!env.DKIM_DOMAIN || !env.DKIM_SELECTOR || !env.DKIM_PRIVATE_KEY) return undefined
  return { domainName: env.DKIM_DOMAIN, keySelector: env.DKIM_SELECTOR, privateKey: env.DKIM_PRIVATE_KEY }
}
