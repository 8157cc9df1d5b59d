import type { SubscriptionView } from './subscriptions.server'

/** What someone is (or is about to be) subscribed to, in words. */
export function SubscriptionSummary({ subscription }: { subscription: SubscriptionView }) {
  const topics = subscription.allTopics
    ? '全部专题'
    : subscription.topics.map((t) => t.name).join('、') || '（未选择专题）'
  return (
    <dl className="subscribe-summary">
      <dt>专题</dt>
      <dd>{topics}</dd>
      <dt>频率</dt>
      <dd>{subscription.frequency === 'weekly' ? '每周摘要' : '即时推送'}</dd>
    </dl>
  )
}
