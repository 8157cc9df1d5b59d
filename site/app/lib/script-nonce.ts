import { createContext, useContext } from 'react'

/**
 * The render marker of app/entry.server.tsx, handed to Remix's script
 * components so their inline scripts can be told apart from anything else
 * and hashed for the Content-Security-Policy. Undefined in the browser.
 */
export const ScriptNonceContext = createContext<string | undefined>(undefined)

export const useScriptNonce = () => useContext(ScriptNonceContext)
