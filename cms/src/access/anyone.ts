import type { Access } from 'payload'

/** Public content (topics, media, documents, pages): readable without login. */
export const anyone: Access = () => true
