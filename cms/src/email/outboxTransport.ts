import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Transport } from 'nodemailer'
import type MailMessage from 'nodemailer/lib/mailer/mail-message'
import type StreamTransport from 'nodemailer/lib/stream-transport'

/**
 * Without SMTP_URL, mail is written as .eml files (one per message) so a fresh
 * clone can exercise every mail flow and a person can open the result in any
 * mail client. Nodemailer's streamTransport only hands back a buffer; this
 * transport is the few lines that put it on disk.
 */
export function outboxTransport(dir: string): Transport<StreamTransport.SentMessageInfo> {
  let counter = 0
  return {
    name: 'outbox',
    version: '1.0.0',
    send(mail: MailMessage, callback) {
      const envelope = mail.message.getEnvelope()
      const messageId = mail.message.messageId()
      mail.message.build((buildError, raw) => {
        if (buildError) return callback(buildError, undefined as never)
        const stamp = new Date().toISOString().replace(/[:.]/g, '-')
        const file = path.join(dir, `${stamp}-${process.pid}-${++counter}.eml`)
        mkdir(dir, { recursive: true })
          .then(() => writeFile(file, raw))
          .then(() => callback(null, { envelope, messageId, message: Buffer.from(`written to ${file}`) }))
          .catch((error: Error) => callback(error, undefined as never))
      })
    },
  }
}
