/* Payload's admin shell, as `create-payload-app` generates it (do not add app logic here). */
import config from '@payload-config'
import '@payloadcms/next/css'
import './custom.scss'
import { handleServerFunctions, RootLayout } from '@payloadcms/next/layouts'
import type { ServerFunctionClient } from 'payload'
import type React from 'react'
import { importMap } from './admin/importMap.js'

const serverFunction: ServerFunctionClient = async (args) => {
  'use server'
  return handleServerFunctions({ ...args, config, importMap })
}

const Layout = ({ children }: { children: React.ReactNode }) => (
  <RootLayout config={config} importMap={importMap} serverFunction={serverFunction} htmlProps={{ lang: 'zh-CN' }}>
    {children}
  </RootLayout>
)

export default Layout
