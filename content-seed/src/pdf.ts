/**
 * A tiny, valid, hand-assembled PDF for the sample policy attachment, so the
 * seed needs no PDF library and no binary file in the repository.
 *
 * Chinese lines use the predefined CJK font STSong-Light with the
 * UniGB-UCS2-H CMap: every conforming reader (Acrobat, pdf.js, PDFium) knows
 * it without the font being embedded, which keeps the file under 2 KB. An
 * English line in the standard Helvetica font says the same, for any reader
 * that lacks CJK support.
 */

export type SamplePdf = {
  /** Document title (Info dictionary), any Unicode. */
  title: string
  /** Chinese body lines, drawn top to bottom. Basic Multilingual Plane only (UCS-2). */
  lines: string[]
  /** One ASCII line drawn in Helvetica under the Chinese text. */
  latinNote: string
}

/** UTF-16BE hex for a PDF hex string; BMP only, as UCS-2 requires. */
function ucs2Hex(s: string): string {
  let out = ''
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0x3f
    out += (code > 0xffff ? 0x3f : code).toString(16).padStart(4, '0')
  }
  return out.toUpperCase()
}

/** Escapes a Latin string for a PDF literal string and drops anything non-ASCII. */
function latin(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1')
}

export function samplePolicyPdf(doc: SamplePdf): Buffer {
  const ops: string[] = ['BT', '/F2 20 Tf', '72 760 Td', `<${ucs2Hex(doc.lines[0] ?? '')}> Tj`, '/F2 12 Tf', '0 -34 Td']
  for (const line of doc.lines.slice(1)) ops.push(`<${ucs2Hex(line)}> Tj`, '0 -22 Td')
  ops.push('/F1 10 Tf', '0 -16 Td', `(${latin(doc.latinNote)}) Tj`, 'ET')
  const stream = ops.join('\n')

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [7 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 8 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
    `<< /Title <FEFF${ucs2Hex(doc.title)}> /Producer (newsroom content-seed) >>`,
  ]

  // One byte per character (latin1) throughout, so xref offsets are exact byte offsets.
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
  const offsets: number[] = []
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'))
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`
  })
  const xrefAt = Buffer.byteLength(body, 'latin1')
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}
