/**
 * Real .docx files for the import tests, made with the `docx` package the way
 * Word writes them: styles, numbering, footnotes, embedded pictures. Nothing
 * is committed as a binary fixture; each test builds what it needs.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { crc32, deflateRawSync } from 'node:zlib'
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import sharp from 'sharp'
import { openDocxPackage } from '../../cms/src/import/docxPackage'
import { REPO_ROOT } from '../../scripts/lib/local-settings.mjs'

/** A small photo with EXIF (camera, GPS-like comment) as phones write it, so the upload path's stripping is exercised. */
export async function photo(color: { r: number; g: number; b: number }, width = 640, height = 400): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .jpeg({ quality: 80 })
    .withExif({ IFD0: { Make: 'NewsroomTestCam', Model: 'GPS 31.23N 121.47E' } })
    .toBuffer()
}

const numbering = {
  config: [
    {
      reference: 'steps',
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
        { level: 1, format: LevelFormat.LOWER_LETTER, text: '%2)', alignment: AlignmentType.START },
      ],
    },
  ],
}

/** WPS and Chinese templates name the heading styles 标题 1 …; Word's own are "Heading 1" (HeadingLevel). */
const chineseStyles = [
  { id: 'cnh2', name: '标题 2', basedOn: 'Normal', run: { bold: true, size: 32 } },
  { id: 'cncaption', name: '题注', basedOn: 'Normal', run: { size: 18 } },
]

export type RichDocxOptions = { title: string; date?: string; number?: string; images?: Buffer[] }

/** Chinese headings, bold/italic/underline, a link, a nested list, a table with a merged cell, a footnote, two images. */
export async function richDocx({ title, date, number, images = [] }: RichDocxOptions): Promise<Buffer> {
  const [first, second] = images
  const children: Array<Paragraph | Table> = [
    new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
    ...(date ? [new Paragraph(`发布日期：${date}`)] : []),
    ...(number ? [new Paragraph(number)] : []),
    new Paragraph({
      children: [
        new TextRun('为贯彻落实科技创新政策，联合会组织'),
        new TextRun({ text: '重点企业', bold: true }),
        new TextRun('开展'),
        new TextRun({ text: '专题调研', italics: true }),
        new TextRun('，并'),
        new TextRun({ text: '形成报告', underline: {} }),
        new TextRun('。'),
        new FootnoteReferenceRun(1),
        new TextRun('详见'),
        new ExternalHyperlink({ link: 'https://www.ptkjqy.org.cn/about', children: [new TextRun('联合会网站')] }),
        new TextRun('；'),
        new ExternalHyperlink({ link: 'javascript:alert(1)', children: [new TextRun('危险链接')] }),
        new TextRun('。'),
      ],
    }),
    new Paragraph({ text: '一、调研安排', style: 'cnh2' }),
    new Paragraph({ text: '走访园区企业', numbering: { reference: 'steps', level: 0 } }),
    new Paragraph({ text: '智能制造企业', numbering: { reference: 'steps', level: 1 } }),
    new Paragraph({ text: '生物医药企业', numbering: { reference: 'steps', level: 1 } }),
    new Paragraph({ text: '召开座谈会', numbering: { reference: 'steps', level: 0 } }),
    new Paragraph({ text: '二、调研数据', heading: HeadingLevel.HEADING_2 }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({
          children: [
            new TableCell({ children: [new Paragraph('园区')] }),
            new TableCell({ children: [new Paragraph('企业数')] }),
          ],
        }),
        new TableRow({
          children: [
            new TableCell({ children: [new Paragraph('桃浦智创城')] }),
            new TableCell({ children: [new Paragraph('41')] }),
          ],
        }),
        new TableRow({ children: [new TableCell({ columnSpan: 2, children: [new Paragraph('合计：两个园区')] })] }),
      ],
    }),
  ]
  if (first) {
    children.push(
      new Paragraph({
        children: [
          new ImageRun({
            type: 'jpg',
            data: first,
            transformation: { width: 320, height: 200 },
            altText: { name: 'p1', title: '座谈会', description: '座谈会现场' },
          }),
        ],
      }),
    )
  }
  children.push(new Paragraph({ text: '三、下一步工作', heading: HeadingLevel.HEADING_3 }))
  children.push(new Paragraph('联合会将持续跟踪调研企业的需求。'))
  if (second) {
    children.push(
      new Paragraph({
        children: [
          new ImageRun({
            type: 'jpg',
            data: second,
            transformation: { width: 320, height: 200 },
            altText: { name: 'p2' },
          }),
        ],
      }),
      new Paragraph({ text: '图2 企业展示区', style: 'cncaption' }),
    )
  }
  const doc = new Document({
    creator: 'newsroom-test',
    styles: { paragraphStyles: chineseStyles },
    numbering,
    footnotes: { 1: { children: [new Paragraph('数据来源：普陀区科技企业联合会2016年调研。')] } },
    sections: [{ children }],
  })
  return Packer.toBuffer(doc)
}

/**
 * The federation's 2016 annual meeting report (content-seed/fixtures, a copy
 * of the shared seed) as staff would have it in Word: the title, the date line,
 * and its three parts under their own headings.
 */
export async function annualMeetingDocx(): Promise<{ data: Buffer; title: string; sections: string[] }> {
  const text = readFileSync(path.join(REPO_ROOT, 'content-seed/fixtures/annual-meeting-2016.txt'), 'utf8')
  const [title, , ...rest] = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
  const paragraphs = rest.filter((p) => p.replace(/\s/g, ''))
  const sections = ['一、工作总结与计划', '二、园区介绍与主题演讲', '三、区科协工作总结与展望']
  // The report's own turns: the plan and reports (0–5), the guests (6–9), the district association (10–).
  const cuts = [0, 6, 10]
  const children: Paragraph[] = [
    new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 }),
    new Paragraph('日期:2016-04-18'),
  ]
  paragraphs.forEach((p, i) => {
    const at = cuts.indexOf(i)
    if (at >= 0) children.push(new Paragraph({ text: sections[at], heading: HeadingLevel.HEADING_2 }))
    children.push(new Paragraph(p))
  })
  const data = await Packer.toBuffer(new Document({ sections: [{ children }] }))
  return { data, title, sections }
}

/** A .docx of exactly the given parts, for the malformed and hostile cases. */
export async function plainDocx(paragraphs: string[]): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] }))
}

export type ZipEntry = {
  name: string
  data: Buffer /** what the central directory claims, when a test makes it lie */
  declaredSize?: number
}

/** A ZIP as Word writes one (deflated entries), for packages the `docx` package would not make: macros, bombs. */
export function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const body = deflateRawSync(entry.data)
    const crc = crc32(entry.data)
    const size = entry.declaredSize ?? entry.data.length
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, body)
    centrals.push(central, name)
    offset += 30 + name.length + body.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

/** The parts of a real .docx, to re-package with something added or changed. */
export function docxEntries(data: Buffer): ZipEntry[] {
  return [...openDocxPackage(data, 'fixture.docx').entries].map(([name, body]) => ({ name, data: body }))
}

/** An OLE compound file header with the named streams, as legacy .doc and encrypted .docx files are. */
export function compoundFile(...streams: string[]): Buffer {
  const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
  return Buffer.concat([
    header,
    Buffer.alloc(504),
    ...streams.map((s) => Buffer.from(s, 'utf16le')),
    Buffer.alloc(1024),
  ])
}
