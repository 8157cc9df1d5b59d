// What the bench scripts and the test suites send to the CMS's REST API the
// way staff do: a login, and article bodies as Lexical JSON.

/** A Lexical text node; `format` is Lexical's bit set (1 bold, 2 italic, 16 code…). */
export const textNode = (text, format = 0) => ({
  type: 'text',
  text,
  format,
  style: '',
  mode: 'normal',
  detail: 0,
  version: 1,
})

/** A Lexical paragraph of the given inline nodes. */
export const paragraphNode = (...children) => ({
  type: 'paragraph',
  format: '',
  indent: 0,
  version: 1,
  direction: 'ltr',
  textFormat: 0,
  children,
})

/** A Lexical document (as the admin's editor saves it) of the given block nodes. */
export const documentOf = (...children) => ({
  root: { type: 'root', format: '', indent: 0, version: 1, direction: 'ltr', children },
})

/** A minimal Lexical document with one paragraph per string. */
export function lexicalDocument(...paragraphs) {
  return documentOf(...paragraphs.map((text) => paragraphNode(textNode(text))))
}

/** A JWT for `account` from POST /api/users/login; `hint` says what to set when it is refused. */
export async function loginToken(cmsUrl, account, hint) {
  const r = await fetch(`${cmsUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  })
  const body = await r.json().catch(() => ({}))
  if (!body.token) throw new Error(`${account.email} cannot log in (${r.status}); ${hint}`)
  return body.token
}
