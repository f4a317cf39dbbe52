/**
 * The S3 stand-in keeps each object as files named after the key's segments, with a suffix of
 * up to 22 bytes (`._S3rver_metadata.json`). Keys that would escape the folder (`.`, `..`),
 * collapse onto another key (empty segments) or exceed the file system's 255-byte names are
 * refused with an S3 error. Real S3 accepts them; the stand-in must not write them wrongly.
 */
const NAME_MAX = 255;
const SUFFIX_BYTES = '._S3rver_metadata.json'.length;

export interface UnsafeKey {
  code: 'InvalidArgument' | 'KeyTooLongError';
  message: string;
}

export function unsafeKeyReason(key: string): UnsafeKey | undefined {
  const segments = key.split('/');
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '..') {
      return { code: 'InvalidArgument', message: 'key segments "." and ".." are not supported' };
    }
    if (segment === '' && !last) {
      return { code: 'InvalidArgument', message: 'empty key segments are not supported' };
    }
    const limit = last ? NAME_MAX - SUFFIX_BYTES : NAME_MAX;
    if (Buffer.byteLength(segment) > limit) {
      return {
        code: 'KeyTooLongError',
        message: `a key segment is longer than ${limit} bytes, the most the local store holds`,
      };
    }
  }
  return undefined;
}
