/** Readers decide whether to download by type and size: 附件 lists show both. */
const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/msword': 'Word',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.ms-excel': 'Excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.ms-powerpoint': 'PPT',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPT',
  'application/zip': 'ZIP',
}

function fileTypeLabel(mimeType: unknown, filename?: unknown): string {
  if (typeof mimeType === 'string' && TYPE_LABELS[mimeType]) return TYPE_LABELS[mimeType]
  const ext = typeof filename === 'string' ? /\.([a-z0-9]{1,5})$/i.exec(filename)?.[1] : undefined
  return ext ? ext.toUpperCase() : '文件'
}

/** Binary units as file managers show them; 1 decimal below 10 for the small ones. */
function formatFileSize(bytes: unknown): string | null {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return null
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}

/** “PDF，1.2 MB” */
export function describeFile(mimeType: unknown, filesize: unknown, filename?: unknown): string {
  const size = formatFileSize(filesize)
  const type = fileTypeLabel(mimeType, filename)
  return size ? `${type}，${size}` : type
}
