import { FEDERATION_NAME } from '@newsroom/cms/federation'
import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { Breadcrumbs } from '~/components/breadcrumbs'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { clientAddress } from '~/features/subscriptions/client-address.server'
import { PRIVATE_PAGE_HEADERS, subscriptionHeaders, withRetryAfter } from '~/features/subscriptions/http.server'
import { FormMessage } from '~/features/subscriptions/preference-fields'
import styles from '~/features/subscriptions/subscriptions.css?url'
import { cancelSubscription, formText, readForm } from '~/features/subscriptions/subscriptions.server'
import { readTokenLink, tokenOf } from '~/features/subscriptions/token-link.server'

/**
 * /unsubscribe?token=…: GET shows one button and changes nothing (link
 * scanners open it); POST unsubscribes. The POST is also RFC 8058 one-click:
 * mail providers post `List-Unsubscribe=One-Click` to the URL of our
 * List-Unsubscribe header, without cookies or any form token, so the token in
 * the URL is all this needs.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => [{ title: `退订 - ${FEDERATION_NAME}` }, { name: 'robots', content: 'noindex' }]
export const headers = subscriptionHeaders

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { init, ...link } = await readTokenLink(request, context, 'unsubscribe', '链接不完整，请从订阅邮件中重新打开。')
  return data(link, init)
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const token = tokenOf(request) || (typeof form === 'object' ? formText(form, 'token') : '')
  const result = await cancelSubscription(token, clientAddress(request, context))
  if (!result.ok) {
    const problem = result.errors.token ?? result.errors.form ?? '退订未成功。'
    return data(
      { done: false as const, problem },
      { status: result.status, headers: withRetryAfter(result.retryAfter) },
    )
  }
  return data({ done: true as const, problem: null }, { status: 200, headers: PRIVATE_PAGE_HEADERS })
}

export default function UnsubscribeRoute() {
  const { token, problem, subscription } = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  return (
    <div className="wrap subscribe-page">
      <Breadcrumbs items={[{ label: '邮件订阅', to: '/subscribe' }, { label: '退订' }]} />
      <header className="page-header">
        <h1>退订</h1>
      </header>
      {posted?.done ? (
        <FormMessage tone="success">
          <p>
            <strong>您已退订。</strong>我们不会再向这个邮箱发送文章推送。
          </p>
          <p>
            如果是误操作，可以随时在<a href="/subscribe">订阅页</a>重新订阅。
          </p>
        </FormMessage>
      ) : posted?.problem || problem || !subscription ? (
        <FormMessage tone="error">
          <p>{posted?.problem ?? problem}</p>
          <p>
            <a href="/">返回首页</a>
          </p>
        </FormMessage>
      ) : subscription.state === 'unsubscribed' ? (
        <FormMessage tone="info">
          <p>{subscription.email} 已经退订，不会再收到我们的文章推送。</p>
        </FormMessage>
      ) : (
        <form method="post" action={`/unsubscribe?token=${encodeURIComponent(token)}`}>
          <input type="hidden" name="token" value={token} />
          <p>确定不再向 {subscription.email} 发送文章推送吗？</p>
          <div className="subscribe-actions">
            <button type="submit" className="button">
              退订
            </button>
            <a href="/">不退订，返回首页</a>
          </div>
        </form>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
