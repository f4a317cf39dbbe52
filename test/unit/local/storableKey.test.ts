import { describe, expect, it } from 'vitest';
import { unsafeKeyReason } from '../../../local/storableKey';

describe('Function: unsafeKeyReason', () => {
  it('returns undefined when every segment fits a file name', () => {
    expect(unsafeKeyReason('recordings/2026/call one.wav')).toBeUndefined();
    expect(unsafeKeyReason(`recordings/${'a'.repeat(255)}/call.wav`)).toBeUndefined();
    expect(unsafeKeyReason('recordings/folder/')).toBeUndefined();
  });

  it('returns InvalidArgument when a segment is . or ..', () => {
    expect(unsafeKeyReason('recordings/../../etc/passwd')?.code).toBe('InvalidArgument');
    expect(unsafeKeyReason('recordings/./a.wav')?.code).toBe('InvalidArgument');
    expect(unsafeKeyReason('..')?.code).toBe('InvalidArgument');
  });

  it('returns InvalidArgument when a folder segment is empty', () => {
    expect(unsafeKeyReason('recordings//a.wav')?.code).toBe('InvalidArgument');
  });

  it('returns KeyTooLongError when a segment is over 255 bytes', () => {
    expect(unsafeKeyReason(`recordings/${'x'.repeat(256)}/a.wav`)?.code).toBe('KeyTooLongError');
    expect(unsafeKeyReason(`recordings/${'ä'.repeat(128)}`)?.code).toBe('KeyTooLongError');
  });
});
