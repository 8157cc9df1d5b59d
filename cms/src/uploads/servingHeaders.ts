/**
 * Headers on every stored file Payload serves (`GET /api/<collection>/file/<name>`).
 * The Content-Type there comes from the file's bytes; nosniff stops browsers
 * from second-guessing it, and the sandboxing CSP keeps anything that still
 * renders as a document (a PDF viewer, a mislabelled file) from running
 * script with the CMS's origin, where staff are logged in.
 */
const SANDBOX_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"

export function imageFileHeaders({ headers }: { headers: Headers }): Headers {
  headers.set('X-Content-Type-Options', 'nosniff')
  headers.set('Content-Security-Policy', SANDBOX_CSP)
  return headers
}

/**
 * Attachments are downloaded, never opened in the CMS's origin: a policy PDF
 * opens in the reader's PDF app, which is what readers of official notices expect.
 */
export function attachmentFileHeaders({ headers }: { headers: Headers }): Headers {
  imageFileHeaders({ headers })
  headers.set('Content-Disposition', 'attachment')
  return headers
}
