/** 0.5 s of a 440 Hz tone, 8 kHz mono 16-bit PCM, with a hand-written RIFF header. */
export function toneWav(seconds = 0.5, sampleRate = 8000, frequency = 440): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const dataBytes = samples * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples; i++) {
    const value = Math.round(8000 * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
    wav.writeInt16LE(value, 44 + i * 2);
  }
  return wav;
}

/**
 * The call's copy of the tone: the first two samples carry the call number, so each call's audio
 * (and so its instant transcript) differs while staying a valid recording of the same shape.
 */
export function callWav(template: Buffer, call: number): Buffer {
  const wav = Buffer.from(template);
  wav.writeInt16LE(call & 0x7fff, 44);
  wav.writeInt16LE((call >>> 15) & 0x7fff, 46);
  return wav;
}
