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
import { SubscriptionSummary } from '~/features/subscriptions/subscription-summary'
import styles from '~/features/subscriptions/subscriptions.css?url'
import { confirmSubscription, formText, readForm } from '~/features/subscriptions/subscriptions.server'
import { readTokenLink, tokenOf } from '~/features/subscriptions/token-link.server'

/**
 * /subscribe/confirm?token=…: double opt-in. Mail providers' link scanners
 * open every link, so GET only shows what will be confirmed and one button;
 * the POST confirms.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => [
  { title: `确认订阅 - ${FEDERATION_NAME}` },
  { name: 'robots', content: 'noindex' },
]
export const headers = subscriptionHeaders

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { init, ...link } = await readTokenLink(request, context, 'confirm', '链接不完整，请从确认邮件中重新打开。')
  return data(link, init)
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const token = (typeof form === 'object' ? formText(form, 'token') : '') || tokenOf(request)
  const result = await confirmSubscription(token, clientAddress(request, context))
  if (!result.ok) {
    const problem = result.errors.token ?? result.errors.form ?? '确认未成功。'
    return data(
      { confirmed: false as const, problem, subscription: null, manageToken: null },
      { status: result.status, headers: withRetryAfter(result.retryAfter) },
    )
  }
  return data(
    { confirmed: true as const, problem: null, subscription: result.subscription, manageToken: result.manageToken },
    { status: 200, headers: PRIVATE_PAGE_HEADERS },
  )
}

export default function ConfirmRoute() {
  const loaded = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  return (
    <div className="wrap subscribe-page">
      <Breadcrumbs items={[{ label: '邮件订阅', to: '/subscribe' }, { label: '确认订阅' }]} />
      <header className="page-header">
        <h1>{posted?.confirmed ? '订阅成功' : '确认订阅'}</h1>
      </header>
      {posted?.confirmed ? (
        <FormMessage tone="success">
          <p>
            <strong>感谢订阅！</strong>您的订阅已确认，新文章发布时我们会按您选择的方式发送邮件。
          </p>
          {posted.subscription ? <SubscriptionSummary subscription={posted.subscription} /> : null}
          <p>
            <a href={`/subscription?token=${encodeURIComponent(posted.manageToken)}`}>更改订阅的专题或频率</a> ·{' '}
            <a href="/">返回首页</a>
          </p>
        </FormMessage>
      ) : posted?.problem || loaded.problem ? (
        <FormMessage tone="error">
          <p>{posted?.problem ?? loaded.problem}</p>
          <p>
            <a href="/subscribe">重新订阅</a>
          </p>
        </FormMessage>
      ) : loaded.subscription ? (
        <>
          <p>请确认用 {loaded.subscription.email} 订阅以下内容：</p>
          <SubscriptionSummary subscription={loaded.subscription} />
          <form method="post" action={`/subscribe/confirm?token=${encodeURIComponent(loaded.token)}`}>
            <input type="hidden" name="token" value={loaded.token} />
            <div className="subscribe-actions">
              <button type="submit" className="button">
                确认订阅
              </button>
              <a href="/">不订阅，返回首页</a>
            </div>
          </form>
          <p className="subscribe-note">如果这不是您本人的操作，关闭本页即可，您的邮箱不会被订阅。</p>
        </>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
