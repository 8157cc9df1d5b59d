import sharp from 'sharp'

/** Largest upload in bytes, for images and attachments alike (config `upload.limits.fileSize`). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024

/**
 * Largest image in pixels (all frames together). A 48-megapixel phone photo
 * fits; a "decompression bomb" (a tiny PNG that claims 30000×30000) does not,
 * so it never reaches a decoder that would need gigabytes of memory.
 */
export const MAX_IMAGE_PIXELS = 50_000_000

/** Payload answers an over-limit upload with this text (`upload.responseOnLimit`); lib/apiErrors.ts turns it into a 413. */
export const UPLOAD_TOO_LARGE_MESSAGE = `文件过大：单个文件不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请压缩后再上传。`

/**
 * sharp with its own pixel limit lowered to ours, for everything Payload does
 * with images (metadata, resizing, cropping): if a bomb ever got past the
 * upload check, sharp itself refuses to decode it.
 */
export const limitedSharp = ((input?: Parameters<typeof sharp>[0], options?: sharp.SharpOptions) =>
  sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, ...options })) as typeof sharp
Object.assign(limitedSharp, sharp)
