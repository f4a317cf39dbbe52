import { describe, expect, it } from 'vitest';
import {
  describeAmr,
  describeMatroska,
  describeMp4,
} from '../../../functions/core/ingest/containers/refusedFormats';
import { mp4VideoBytes } from '../../fixtures/bad-inputs/encodedRecordings';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('Function: describeAmr, describeMp4, describeMatroska', () => {
  it('names AMR-NB and AMR-WB from the storage-format magic', () => {
    expect(describeAmr(bytes('#!AMR\n\x3c'))).toBe('AMR container with the AMR-NB codec');
    expect(describeAmr(bytes('#!AMR-WB\n\x04'))).toBe(
      'AMR container with the AMR-WB (G.722.2) codec',
    );
  });

  it('names the brand and every track codec of an MP4', () => {
    expect(describeMp4(mp4VideoBytes())).toBe(
      "MP4 video (brand isom) with H.264 video 'avc1' and AAC audio 'mp4a'",
    );
  });

  it('says the codec is not identified when the moov box lies beyond the head', () => {
    const head = mp4VideoBytes().subarray(0, 32); // ftyp only
    expect(describeMp4(head)).toMatch(/codec not identified/);
  });

  it('names the CodecID of each WebM track', () => {
    const ebml = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x42, 0x82, 0x84, ...bytes('webm')]);
    const track = (id: string) => [0x86, 0x80 | id.length, ...bytes(id)];
    const head = new Uint8Array([...ebml, ...track('V_VP8'), 0, ...track('A_OPUS')]);
    expect(describeMatroska(head)).toBe('WebM video with V_VP8 and A_OPUS');
  });
});
