import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The repository root, found by walking up to the package.json that declares
 * workspaces. Next.js, the Payload CLI and vitest all start in different
 * folders, and Turbopack rewrites import.meta.url, so cwd is the stable anchor.
 */
function findRepoRoot(start: string): string {
  let dir = start
  for (;;) {
    const pkg = path.join(dir, 'package.json')
    if (existsSync(pkg) && /"workspaces"/.test(readFileSync(pkg, 'utf8'))) return dir
    const parent = path.dirname(dir)
    if (parent === dir) return start
    dir = parent
  }
}

const REPO_ROOT = findRepoRoot(process.cwd())
/** Local state: embedded database, generated secret, uploads, outbox. */
export const DATA_DIR = process.env.DATA_DIR ? path.resolve(process.env.DATA_DIR) : path.join(REPO_ROOT, '.data')
/** Uploaded files; point MEDIA_DIR at shared storage when running several CMS instances. */
export const MEDIA_DIR = process.env.MEDIA_DIR ? path.resolve(process.env.MEDIA_DIR) : path.join(DATA_DIR, 'uploads')
export const CMS_DIR = path.join(REPO_ROOT, 'cms')
