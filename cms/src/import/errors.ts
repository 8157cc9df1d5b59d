/** Why an import refused a file; the code is for tests and logs, the message is what staff read. */
export type ImportFailure =
  | 'legacy_doc'
  | 'encrypted'
  | 'macro'
  | 'corrupt'
  | 'zip_bomb'
  | 'too_large'
  | 'empty'
  | 'not_docx'
  | 'xml_entities'
  | 'not_a_feed'
  | 'invalid'

/**
 * A refusal of one file, in Chinese with the file's name, so that the CLI's
 * line, the admin's notice and the endpoint's JSON all say the same thing.
 */
export class FileImportError extends Error {
  readonly code: ImportFailure
  readonly file: string
  readonly reason: string

  constructor(code: ImportFailure, file: string, reason: string) {
    super(`${file}：${reason}`)
    this.name = 'FileImportError'
    this.code = code
    this.file = file
    this.reason = reason
  }
}
