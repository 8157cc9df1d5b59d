import type { ReactNode } from 'react'
import type { FormErrors, Frequency } from './subscriptions.server'

export type TopicOption = { slug: string; name: string; description?: string | null }

/** The value of the "all topics" checkbox in the `topics` field (the CMS's contract). */
export const ALL_TOPICS = 'all'

/**
 * Topic checkboxes and the frequency choice, shared by the sign-up form and the
 * manage page. Plain HTML controls: they work without JavaScript and are read
 * correctly by screen readers (one fieldset and legend per question).
 */
export function PreferenceFields({
  topics,
  selected,
  allTopics,
  frequency,
  errors,
}: {
  topics: TopicOption[]
  selected: string[]
  allTopics: boolean
  frequency: Frequency
  errors: FormErrors
}) {
  return (
    <>
      <fieldset className="subscribe-fieldset" aria-describedby={errors.topics ? 'topics-error' : undefined}>
        <legend>订阅哪些专题</legend>
        {errors.topics ? (
          <p id="topics-error" className="field-error">
            {errors.topics}
          </p>
        ) : null}
        <p className="subscribe-choice subscribe-choice-all">
          <input id="topic-all" type="checkbox" name="topics" value={ALL_TOPICS} defaultChecked={allTopics} />
          <label htmlFor="topic-all">全部专题（包括以后新增的专题）</label>
        </p>
        <ul className="subscribe-topics">
          {topics.map((topic) => (
            <li key={topic.slug} className="subscribe-choice">
              <input
                id={`topic-${topic.slug}`}
                type="checkbox"
                name="topics"
                value={topic.slug}
                defaultChecked={selected.includes(topic.slug)}
                aria-describedby={topic.description ? `topic-${topic.slug}-desc` : undefined}
              />
              <label htmlFor={`topic-${topic.slug}`}>{topic.name}</label>
              {topic.description ? (
                <span id={`topic-${topic.slug}-desc`} className="subscribe-topic-desc">
                  {topic.description}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset className="subscribe-fieldset" aria-describedby={errors.frequency ? 'frequency-error' : undefined}>
        <legend>多久收一次</legend>
        {errors.frequency ? (
          <p id="frequency-error" className="field-error">
            {errors.frequency}
          </p>
        ) : null}
        <p className="subscribe-choice">
          <input
            id="frequency-immediate"
            type="radio"
            name="frequency"
            value="immediate"
            defaultChecked={frequency === 'immediate'}
          />
          <label htmlFor="frequency-immediate">即时推送：新文章发布时发送一封邮件</label>
        </p>
        <p className="subscribe-choice">
          <input
            id="frequency-weekly"
            type="radio"
            name="frequency"
            value="weekly"
            defaultChecked={frequency === 'weekly'}
          />
          <label htmlFor="frequency-weekly">每周摘要：每周一发送上一周的新文章（当周没有新文章则不发）</label>
        </p>
      </fieldset>
    </>
  )
}

/** A form-level message (errors and confirmations), announced by screen readers. */
export function FormMessage({ tone, children }: { tone: 'error' | 'success' | 'info'; children: ReactNode }) {
  return (
    <div className={`subscribe-message subscribe-message-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  )
}
