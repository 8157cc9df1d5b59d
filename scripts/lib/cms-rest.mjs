// What the bench scripts and the test suites send to the CMS's REST API the
// way staff do: a login, and article bodies as Lexical JSON.

/** A minimal Lexical document with one paragraph per string, as the admin's editor saves it. */
export function lexicalDocument(...paragraphs) {
  return {
    root: {
      type: 'root',
      format: '',
      indent: 0,
      version: 1,
      direction: 'ltr',
      children: paragraphs.map((text) => ({
        type: 'paragraph',
        format: '',
        indent: 0,
        version: 1,
        direction: 'ltr',
        textFormat: 0,
        children: [{ type: 'text', text, format: 0, style: '', mode: 'normal', detail: 0, version: 1 }],
      })),
    },
  }
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
