/**
 * Names the container of a file that is not a WAV, from its first bytes, so the error record
 * says "MP3 is not supported" rather than only "not WAV". Only what telephony and phones
 * commonly export; anything else is "not a recognised audio format".
 */
const SIGNATURES: ReadonlyArray<{ name: string; matches: (head: Uint8Array) => boolean }> = [
  {
    name: 'MP3',
    matches: (h) => ascii(h, 0, 'ID3') || (h[0] === 0xff && ((h[1] ?? 0) & 0xe0) === 0xe0),
  },
  { name: 'Ogg', matches: (h) => ascii(h, 0, 'OggS') },
  { name: 'FLAC', matches: (h) => ascii(h, 0, 'fLaC') },
  { name: 'MP4/M4A', matches: (h) => ascii(h, 4, 'ftyp') },
  {
    name: 'WebM/Matroska',
    matches: (h) => h[0] === 0x1a && h[1] === 0x45 && h[2] === 0xdf && h[3] === 0xa3,
  },
  { name: 'AMR', matches: (h) => ascii(h, 0, '#!AMR') },
  {
    name: 'AIFF',
    matches: (h) => ascii(h, 0, 'FORM') && (ascii(h, 8, 'AIFF') || ascii(h, 8, 'AIFC')),
  },
];

function ascii(head: Uint8Array, offset: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (head[offset + i] !== text.charCodeAt(i)) return false;
  }
  return true;
}

export function audioContainerOf(head: Uint8Array): string | undefined {
  return SIGNATURES.find((signature) => signature.matches(head))?.name;
}
