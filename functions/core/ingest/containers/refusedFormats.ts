/**
 * Names the container and codec of formats callbrief refuses (AMR, MP4/M4A, WebM/Matroska),
 * so an error record says "MP4 with H.264 video and AAC audio" rather than only "not supported".
 * Reads only the bytes already fetched for the probe; a codec that lies beyond them is
 * "not identified".
 */

const ascii = (bytes: Uint8Array, from: number, length: number) =>
  String.fromCharCode(...bytes.subarray(from, from + length));

/** AMR storage format (RFC 4867 section 5): "#!AMR\n" or "#!AMR-WB\n", then frames. */
export function describeAmr(head: Uint8Array): string {
  const wideband = ascii(head, 0, 9) === '#!AMR-WB\n';
  const multichannel = ascii(head, 0, 12).startsWith('#!AMR_MC');
  const codec = wideband ? 'AMR-WB (G.722.2)' : 'AMR-NB';
  return `AMR container with the ${codec} codec${multichannel ? ' (multichannel)' : ''}`;
}

const MP4_CODECS: Readonly<Record<string, string>> = {
  avc1: 'H.264 video',
  avc3: 'H.264 video',
  hvc1: 'H.265 video',
  hev1: 'H.265 video',
  vp09: 'VP9 video',
  av01: 'AV1 video',
  mp4v: 'MPEG-4 Part 2 video',
  mp4a: 'AAC audio',
  alac: 'ALAC audio',
  Opus: 'Opus audio',
  samr: 'AMR-NB audio',
  sawb: 'AMR-WB audio',
  ulaw: 'mu-law audio',
  alaw: 'A-law audio',
};

// Boxes whose children are boxes; stsd holds a version/flags word and an entry count first.
const CONTAINER_BOXES = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

/** Sample-entry types (stsd) of every track found in the head, in file order. */
function mp4SampleEntries(head: Uint8Array, from: number, to: number, found: string[]): void {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  for (let at = from; at + 8 <= to; ) {
    let size = view.getUint32(at);
    const type = ascii(head, at + 4, 4);
    if (size === 1 && at + 16 <= to) size = Number(view.getBigUint64(at + 8));
    if (size === 0) size = to - at; // to the end of the enclosing box
    if (size < 8) return;
    const end = Math.min(at + size, to);
    if (CONTAINER_BOXES.has(type)) mp4SampleEntries(head, at + 8, end, found);
    // stsd: 8-byte header, 4 bytes version/flags, 4 bytes entry count, then entries.
    if (type === 'stsd' && at + 24 <= end) found.push(ascii(head, at + 20, 4));
    at += size;
  }
}

/** ISO base media file (MP4, M4A, 3GP): the brand and each track's codec. */
export function describeMp4(head: Uint8Array): string {
  const brand = ascii(head, 8, 4).trim();
  const entries: string[] = [];
  mp4SampleEntries(head, 0, head.length, entries);
  const video = entries.some((entry) => MP4_CODECS[entry]?.endsWith('video'));
  const container = `${brand.startsWith('3g') ? '3GP' : 'MP4'}${video ? ' video' : ''} (brand ${brand})`;
  if (entries.length === 0) {
    return `${container}, codec not identified (its moov box is not in the first bytes)`;
  }
  const codecs = entries.map((entry) => `${MP4_CODECS[entry] ?? 'unknown'} '${entry}'`);
  return `${container} with ${codecs.join(' and ')}`;
}

/** WebM/Matroska: the CodecID strings (element 0x86) of its tracks, e.g. V_VP8, A_OPUS. */
export function describeMatroska(head: Uint8Array): string {
  const docType = /webm/.test(ascii(head, 0, 64)) ? 'WebM' : 'Matroska';
  const codecs: string[] = [];
  for (let at = 0; at + 2 < head.length; at++) {
    const length = (head[at + 1] ?? 0) & 0x7f;
    // A one-byte size (0x80 | length) followed by an ASCII codec id starting "A_" or "V_".
    if (head[at] !== 0x86 || ((head[at + 1] ?? 0) & 0x80) === 0 || length < 3) continue;
    const id = ascii(head, at + 2, length);
    if (/^[AVS]_[A-Z0-9/._-]+$/.test(id) && !codecs.includes(id)) codecs.push(id);
  }
  const video = codecs.some((codec) => codec.startsWith('V_'));
  const container = `${docType}${video ? ' video' : ''}`;
  return codecs.length > 0
    ? `${container} with ${codecs.join(' and ')}`
    : `${container}, codec not identified`;
}
