import { FEDERATION_NAME } from '@newsroom/cms/federation'
import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
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
  requestSubscription,
  signUpSource,
} from '~/features/subscriptions/subscriptions.server'
import { listAllTopics } from '~/lib/cms/content.server'
import { errorMeta, seoMeta } from '~/lib/seo'

/**
 * /subscribe: the sign-up form (GET) and its POST (also the endpoint partner
 * sites embed: fields `email`, `topics` repeated, `frequency`). Every accepted
 * post answers the same way, new address or known, so the page reveals nobody.
 */

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (!data) return errorMeta(matches, error)
  return seoMeta(matches, {
    title: '邮件订阅',
    description: `按专题订阅${FEDERATION_NAME}的文章推送：科技政策、项目申报、知识产权、金融服务等，可选即时推送或每周摘要，随时一键退订。`,
    path: '/subscribe',
    noindex: data.sent,
  })
}

export const headers = subscriptionHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const topics = await listAllTopics()
  // /subscribe?topic=slug from a topic page pre-ticks that topic.
  const wanted = url.searchParams.getAll('topic').filter((slug) => topics.some((t) => t.slug === slug))
  return data(
    {
      sent: url.searchParams.get('sent') === '1',
      topics: topics.map((t) => ({ slug: t.slug ?? '', name: t.name, description: t.description ?? null })),
      preselected: wanted,
    },
    { headers: PRIVATE_PAGE_HEADERS },
  )
}

type ActionResult = { errors: FormErrors; values: { email: string; topics: string[]; frequency: string } }

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  if (form === 'too-large' || form === 'invalid') {
    const errors = {
      form: form === 'too-large' ? '提交的内容过长，请检查后重新填写。' : '提交的表单无法识别，请重新填写。',
    }
    return data<ActionResult>(
      { errors, values: { email: '', topics: [], frequency: 'immediate' } },
      { status: 400, headers: PRIVATE_PAGE_HEADERS },
    )
  }
  const values = {
    email: formText(form, 'email'),
    topics: formList(form, 'topics'),
    // Embedded forms may leave the choice out: immediate is the default, as on our own form.
    frequency: form.has('frequency') ? formText(form, 'frequency') : 'immediate',
  }
  const result = await requestSubscription(
    { ...values, source: signUpSource(request) },
    clientAddress(request, context),
  )
  if (result.ok) return redirect('/subscribe?sent=1', { status: 303, headers: PRIVATE_PAGE_HEADERS })
  // Echo back only what fits the form; never a 16 KB "address".
  const echo = { ...values, email: values.email.length <= 254 ? values.email : '', topics: values.topics.slice(0, 100) }
  return data<ActionResult>(
    { errors: result.errors, values: echo },
    { status: result.status, headers: withRetryAfter(result.retryAfter) },
  )
}

export default function SubscribeRoute() {
  const { sent, topics, preselected } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors ?? {}
  const values = actionData?.values
  const selected = values?.topics ?? preselected
  return (
    <div className="wrap subscribe-page">
      <Breadcrumbs items={[{ label: '邮件订阅' }]} />
      <header className="page-header">
        <h1>邮件订阅</h1>
        <p>选择您关心的专题，新文章发布时我们会发邮件通知您。可以随时更改专题或退订。</p>
      </header>
      {sent && !actionData ? (
        <FormMessage tone="success">
          <p>
            <strong>请查收邮件。</strong>
            我们已向您填写的邮箱发送了一封确认邮件，请点击邮件中的“确认订阅”链接，订阅才会生效。
          </p>
          <p>如果几分钟内没有收到，请查看垃圾邮件箱。同一邮箱每天最多发送一封确认邮件。</p>
          <p>
            <a href="/">返回首页</a>
          </p>
        </FormMessage>
      ) : (
        <form className="subscribe-form" method="post" action="/subscribe" noValidate>
          {errors.form ? <FormMessage tone="error">{errors.form}</FormMessage> : null}
          <p className="subscribe-field">
            <label htmlFor="subscribe-email">电子邮箱</label>
            {errors.email ? (
              <span id="email-error" className="field-error">
                {errors.email}
              </span>
            ) : null}
            <input
              id="subscribe-email"
              name="email"
              type="email"
              autoComplete="email"
              inputMode="email"
              maxLength={254}
              required
              defaultValue={values?.email ?? ''}
              aria-invalid={errors.email ? true : undefined}
              aria-describedby={errors.email ? 'email-error' : undefined}
            />
          </p>
          <PreferenceFields
            topics={topics}
            selected={selected}
            allTopics={selected.includes(ALL_TOPICS)}
            frequency={values?.frequency === 'weekly' ? 'weekly' : 'immediate'}
            errors={errors}
          />
          <div className="subscribe-actions">
            <button type="submit" className="button">
              订阅
            </button>
          </div>
          <p className="subscribe-note">
            提交后我们会发送一封确认邮件，确认后才开始推送。您的邮箱只用于发送您订阅的文章，每封邮件都附有一键退订链接。
          </p>
        </form>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
