/** Names of the WAV format codes seen in practice (RFC 2361). */
const WAV_FORMAT_NAMES: Readonly<Record<number, string>> = {
  1: 'PCM',
  2: 'Microsoft ADPCM',
  3: 'IEEE float',
  6: 'A-law',
  7: 'mu-law',
  17: 'IMA ADPCM',
  49: 'GSM 6.10',
  80: 'MPEG',
  85: 'MPEG Layer 3',
};

export function wavFormatName(code: number): string {
  const hex = `0x${code.toString(16).padStart(4, '0')}`;
  const name = WAV_FORMAT_NAMES[code];
  return name ? `${name} (format code ${hex})` : `format code ${hex}`;
}
