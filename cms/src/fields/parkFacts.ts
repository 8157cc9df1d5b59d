import type { GroupField } from 'payload'
import { httpUrlField } from './httpUrl'

/** Facts card of a 合作园区 introduction: shown only for the park section. */
export const parkFactsField: GroupField = {
  name: 'park',
  type: 'group',
  label: '园区信息',
  admin: {
    condition: (data) => data?.section === 'park',
    description: '合作园区的基本信息，将以“园区概况”卡片显示在文章页。',
  },
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'location', type: 'text', label: '所在地', maxLength: 200 },
        {
          name: 'foundedDate',
          type: 'text',
          label: '成立时间',
          maxLength: 40,
          admin: { placeholder: '例如 2012年3月' },
        },
      ],
    },
    {
      name: 'focusIndustries',
      type: 'text',
      hasMany: true,
      label: '重点产业',
      admin: { description: '每个产业单独输入后回车' },
    },
    {
      type: 'row',
      fields: [{ name: 'contact', type: 'text', label: '联系方式', maxLength: 200 }, httpUrlField('website', '网站')],
    },
  ],
}
