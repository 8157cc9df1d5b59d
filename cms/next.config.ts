import path from 'node:path'
import { withPayload } from '@payloadcms/next/withPayload'
import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  poweredByHeader: false,
  turbopack: { root: path.resolve(process.cwd(), '..') },
  // The admin's own pages are not the public site; keep build output lean.
  productionBrowserSourceMaps: false,
  // `npm run typecheck` checks every workspace once; repeating it here doubles build time and memory.
  typescript: { ignoreBuildErrors: true },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
