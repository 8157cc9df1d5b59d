// `npm run mail:dns`: the DNS TXT records that make our mail trusted by QQ Mail, 163 and the rest
// (docs/decisions/019): the DKIM public key derived from DKIM_PRIVATE_KEY (or DKIM_PRIVATE_KEY_FILE)
// under DKIM_SELECTOR._domainkey.DKIM_DOMAIN, and hints for SPF and DMARC. It reads the same settings
// as the CMS; the CMS checks them again at startup.
import { createPublicKey } from 'node:crypto'
import { readFileSync } from 'node:fs'

const DEFAULT_MAIL_FROM = 'noreply@ptkjqy.org.cn' // cms/src/federation.ts

const env = (name) => process.env[name]?.trim() || undefined
const domain = env('DKIM_DOMAIN')?.toLowerCase()
const selector = env('DKIM_SELECTOR')
const keyFile = env('DKIM_PRIVATE_KEY_FILE')
let pem = env('DKIM_PRIVATE_KEY')

if (!domain || !selector || !(pem || keyFile)) {
  console.error(
    '✗ 请先设置 DKIM_DOMAIN、DKIM_SELECTOR 和 DKIM_PRIVATE_KEY（或 DKIM_PRIVATE_KEY_FILE）。\n' +
      '  生成密钥：openssl genrsa -out dkim.pem 2048，然后 DKIM_PRIVATE_KEY_FILE=dkim.pem DKIM_DOMAIN=… DKIM_SELECTOR=… npm run mail:dns',
  )
  process.exit(2)
}
if (keyFile) pem = readFileSync(keyFile, 'utf8')
if (pem && !pem.includes('\n')) pem = pem.replace(/\\n/g, '\n')

let publicKey
try {
  publicKey = createPublicKey(/** @type {string} */ (pem))
} catch (error) {
  console.error(`✗ DKIM 私钥无法读取：${/** @type {Error} */ (error).message}`)
  process.exit(2)
}
if (publicKey.asymmetricKeyType !== 'rsa') {
  console.error(
    `✗ DKIM 私钥是 ${publicKey.asymmetricKeyType} 密钥；发信程序只支持 RSA（openssl genrsa -out dkim.pem 2048）。`,
  )
  process.exit(2)
}
const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64')

/** A TXT value as DNS wants it: quoted strings of at most 255 characters each. */
const txt = (value) => (value.match(/.{1,255}/g) ?? []).map((part) => `"${part}"`).join(' ')

const fromDomain = (env('MAIL_FROM') ?? DEFAULT_MAIL_FROM).split('@')[1]?.toLowerCase() ?? domain
let smtpHost = ''
try {
  const smtp = env('SMTP_URL')
  smtpHost = smtp ? new URL(smtp).hostname : ''
} catch {}
const relayed = smtpHost && !/^(127\.|localhost$|\[?::1\]?$)/.test(smtpHost)
const spf = `v=spf1 ${relayed ? `a:${smtpHost} ` : ''}mx ~all`
const dmarc = `v=DMARC1; p=none; rua=mailto:dmarc@${fromDomain}; adkim=r; aspf=r`

console.log(`; 在 ${domain} 的 DNS 中发布以下 TXT 记录（BIND 格式）。
; DKIM 公钥（由 DKIM 私钥推导；更换密钥时换一个新的 DKIM_SELECTOR，旧记录保留到旧邮件不再被验证为止）：
${selector}._domainkey.${domain}. IN TXT ${txt(`v=DKIM1; k=rsa; p=${p}`)}
; SPF 提示：列出所有代发邮件的服务器（${relayed ? `SMTP_URL 的主机 ${smtpHost}` : '此处假定由域名的 MX 主机发信'}）；已有 SPF 记录时合并，不要发布两条。
${fromDomain}. IN TXT ${txt(spf)}
; DMARC 提示：先用 p=none 收集报告，确认所有邮件都通过 DKIM 后再改为 p=quarantine。
_dmarc.${fromDomain}. IN TXT ${txt(dmarc)}`)
