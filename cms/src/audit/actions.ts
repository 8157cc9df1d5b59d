export const AUDIT_ACTIONS = [
  'publish',
  'urgent_publish',
  'unpublish',
  'delete',
  'role_change',
  'login_failed',
  'settings_change',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  publish: '发布',
  urgent_publish: '紧急发布（未经完整审核）',
  unpublish: '撤回发布',
  delete: '删除',
  role_change: '角色变更',
  login_failed: '登录失败',
  settings_change: '站点设置变更',
}
