import type { PolicyStatus } from '@newsroom/cms/contract'

/**
 * Words for the standing of a policy interpretation's original document
 * (政策效力, `PolicyStatus` in the CMS's contract). Shared by the article
 * page's banner, the feeds and the search results so they say the same thing.
 */

export const POLICY_STATUS_LABELS: Record<PolicyStatus, string> = {
  valid: '有效',
  amended: '已修订',
  repealed: '已废止',
}

export const isOutdatedPolicy = (status: unknown): status is 'amended' | 'repealed' =>
  status === 'amended' || status === 'repealed'

/** One sentence for readers; the replacement, when known, is named. */
export function policyNotice(status: 'amended' | 'repealed', replacementTitle?: string | null): string {
  const head =
    status === 'repealed' ? '本政策已废止，本文仅供查阅历史。' : '本政策已修订，本文的部分内容可能已不再适用。'
  return replacementTitle ? `${head}请阅读新的解读：《${replacementTitle}》。` : head
}
