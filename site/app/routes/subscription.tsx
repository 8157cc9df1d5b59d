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
import { ALL_TOPICS, FormMessage, PreferenceFields } from '~/features/subscriptions/preference-fields'
import styles from '~/features/subscriptions/subscriptions.css?url'
import {
  type FormErrors,
  formList,
  formText,
  readForm,
  updateSubscription,
} from '~/features/subscriptions/subscriptions.server'
import { readTokenLink, tokenOf } from '~/features/subscriptions/token-link.server'
import { listAllTopics } from '~/lib/cms/content.server'

/**
 * /subscription?token=…: change topics and frequency without a password (the
 * token came in one of our mails), or leave.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => [
  { title: `管理订阅 - ${FEDERATION_NAME}` },
  { name: 'robots', content: 'noindex' },
]
export const headers = subscriptionHeaders

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [topics, { init, ...link }] = await Promise.all([
    listAllTopics().then((all) =>
      all.map((t) => ({ slug: t.slug ?? '', name: t.name, description: t.description ?? null })),
    ),
    readTokenLink(request, context, 'manage', '链接不完整，请从订阅邮件中重新打开。'),
  ])
  return data({ ...link, topics }, init)
}

type Posted = { saved: boolean; resumed: boolean; errors: FormErrors; values: { topics: string[]; frequency: string } }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  if (typeof form !== 'object') {
    return data<Posted>(
      {
        saved: false,
        resumed: false,
        errors: { form: '提交的内容过长或无法识别。' },
        values: { topics: [], frequency: 'immediate' },
      },
      { status: 400, headers: PRIVATE_PAGE_HEADERS },
    )
  }
  const values = { topics: formList(form, 'topics').slice(0, 200), frequency: formText(form, 'frequency') }
  const token = formText(form, 'token') || tokenOf(request)
  const result = await updateSubscription(token, values, clientAddress(request, context))
  if (!result.ok) {
    return data<Posted>(
      { saved: false, resumed: false, errors: result.errors, values },
      { status: result.status, headers: withRetryAfter(result.retryAfter) },
    )
  }
  return data<Posted>(
    { saved: true, resumed: result.resumed, errors: {}, values },
    { status: 200, headers: PRIVATE_PAGE_HEADERS },
  )
}

export default function ManageRoute() {
  const { token, topics, problem, subscription } = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  const errors = posted?.errors ?? {}
  const selected = posted && !posted.saved ? posted.values.topics : (subscription?.topics.map((t) => t.slug) ?? [])
  const allTopics = posted && !posted.saved ? selected.includes(ALL_TOPICS) : Boolean(subscription?.allTopics)
  const frequency =
    (posted && !posted.saved ? posted.values.frequency : subscription?.frequency) === 'weekly' ? 'weekly' : 'immediate'
  const stopped = subscription && subscription.state !== 'active' && !posted?.saved
  return (
    <div className="wrap subscribe-page">
      <Breadcrumbs items={[{ label: '邮件订阅', to: '/subscribe' }, { label: '管理订阅' }]} />
      <header className="page-header">
        <h1>管理订阅</h1>
        {subscription ? <p>邮箱：{subscription.email}</p> : null}
      </header>
      {problem || !subscription ? (
        <FormMessage tone="error">
          <p>{problem}</p>
          <p>
            <a href="/subscribe">前往订阅页</a>（重新提交您的邮箱，我们会把管理链接发到您的邮箱）
          </p>
        </FormMessage>
      ) : (
        <>
          {posted?.saved ? (
            <FormMessage tone="success">
              <p>{posted.resumed ? '已恢复订阅，' : ''}您的订阅设置已保存。</p>
            </FormMessage>
          ) : null}
          {errors.form || errors.token ? <FormMessage tone="error">{errors.form ?? errors.token}</FormMessage> : null}
          {stopped ? (
            <FormMessage tone="info">
              <p>
                {subscription.state === 'bouncing'
                  ? '我们多次无法把邮件送达这个邮箱，已暂停推送。'
                  : '您已退订，目前不会收到我们的邮件。'}
                保存下面的设置即可恢复订阅。
              </p>
            </FormMessage>
          ) : null}
          <form
            className="subscribe-form"
            method="post"
            action={`/subscription?token=${encodeURIComponent(token)}`}
            noValidate
          >
            <input type="hidden" name="token" value={token} />
            <PreferenceFields
              topics={topics}
              selected={selected}
              allTopics={allTopics}
              frequency={frequency}
              errors={errors}
            />
            <div className="subscribe-actions">
              <button type="submit" className="button">
                {stopped ? '恢复订阅并保存' : '保存设置'}
              </button>
            </div>
          </form>
          {subscription.state === 'active' || posted?.saved ? (
            <form method="post" action={`/unsubscribe?token=${encodeURIComponent(token)}`}>
              <input type="hidden" name="token" value={token} />
              <p>
                不想再收到邮件？{' '}
                <button type="submit" className="button button-secondary">
                  退订全部邮件
                </button>
              </p>
            </form>
          ) : null}
        </>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
