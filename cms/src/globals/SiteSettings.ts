import type { GlobalConfig } from 'payload'
import { anyone } from '../access/anyone'
import { isAdmin } from '../access/isAdmin'
import { auditSettingsChange } from '../audit/hooks'
import { FEDERATION_NAME } from '../federation'
import { httpUrlField, validateNavUrl } from '../fields/httpUrl'

/** Site name, contact and footer (ICP record number), navigation. */
export const SiteSettings: GlobalConfig<'site-settings'> = {
  slug: 'site-settings',
  label: '站点设置',
  admin: { group: '系统' },
  access: { read: anyone, update: isAdmin },
  fields: [
    { name: 'siteName', type: 'text', label: '站点名称', required: true, defaultValue: FEDERATION_NAME },
    { name: 'description', type: 'textarea', label: '站点简介', maxLength: 300 },
    {
      name: 'contact',
      type: 'group',
      label: '联系方式',
      fields: [
        { name: 'address', type: 'text', label: '地址', maxLength: 200 },
        { name: 'phone', type: 'text', label: '电话', maxLength: 60 },
        { name: 'email', type: 'email', label: '邮箱' },
      ],
    },
    {
      name: 'footer',
      type: 'group',
      label: '页脚',
      fields: [
        { name: 'icp', type: 'text', label: 'ICP备案号', maxLength: 60, admin: { placeholder: '沪ICP备XXXXXXXX号' } },
        { name: 'psb', type: 'text', label: '公安备案号', maxLength: 60 },
        { name: 'copyright', type: 'text', label: '版权声明', maxLength: 200 },
      ],
    },
    {
      name: 'navigation',
      type: 'array',
      label: '导航',
      maxRows: 12,
      fields: [
        { name: 'label', type: 'text', label: '名称', required: true, maxLength: 20 },
        {
          name: 'url',
          type: 'text',
          label: '链接（站内路径，如 /sections/news）',
          required: true,
          maxLength: 200,
          validate: validateNavUrl,
        },
      ],
    },
    httpUrlField('weiboUrl', '微博地址'),
    {
      name: 'reviewSteps',
      type: 'radio',
      label: '发布前审核',
      defaultValue: '1',
      options: [
        { value: '1', label: '一级审核：编辑或管理员审核通过即发布' },
        { value: '2', label: '两级审核：编辑初审，管理员或终审人终审后发布' },
      ],
      admin: { description: '先审后发：任何文章须经审核通过才能发布，审核记录保存在每篇文章中。' },
    },
  ],
  hooks: { afterChange: [auditSettingsChange] },
}
