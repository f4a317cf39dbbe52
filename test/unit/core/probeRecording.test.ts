import { describe, expect, it } from 'vitest';
import { probeRecording } from '../../../functions/core/ingest/probeRecording';
import { CorruptAudioError, UnsupportedAudioError } from '../../../functions/shared/errors';

/** A PCM WAV header plus `dataBytes` of silence; `declared` lets a test lie about the size. */
function wav(
  options: {
    rate?: number;
    channels?: number;
    bits?: number;
    format?: number;
    dataBytes?: number;
    declared?: number;
  } = {},
) {
  const { rate = 16000, channels = 1, bits = 16, format = 1, dataBytes = 3200 } = options;
  const declared = options.declared ?? dataBytes;
  const buffer = Buffer.alloc(44 + dataBytes);
  buffer.write('RIFF', 0);
  buffer.writeUInt32LE(36 + declared, 4);
  buffer.write('WAVE', 8);
  buffer.write('fmt ', 12);
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(format, 20);
  buffer.writeUInt16LE(channels, 22);
  buffer.writeUInt32LE(rate, 24);
  buffer.writeUInt32LE((rate * channels * bits) / 8, 28);
  buffer.writeUInt16LE((channels * bits) / 8, 32);
  buffer.writeUInt16LE(bits, 34);
  buffer.write('data', 36);
  buffer.writeUInt32LE(declared, 40);
  return new Uint8Array(buffer);
}

describe('Function: probeRecording', () => {
  it('accepts 16 kHz mono and 8 kHz stereo PCM and measures the duration', async () => {
    const mono = wav({ dataBytes: 32000 });
    expect(await probeRecording(mono, mono.byteLength)).toMatchObject({
      sample_rate: 16000,
      channels: 1,
      duration_seconds: 1,
    });
    const stereo = wav({ rate: 8000, channels: 2, dataBytes: 16000 });
    expect(await probeRecording(stereo, stereo.byteLength)).toMatchObject({
      sample_rate: 8000,
      channels: 2,
      duration_seconds: 0.5,
    });
  });

  it('rejects a truncated upload whose header promises more audio than the object holds', async () => {
    const truncated = wav({ dataBytes: 1000, declared: 64000 });
    await expect(probeRecording(truncated, truncated.byteLength)).rejects.toThrow(
      CorruptAudioError,
    );
    await expect(probeRecording(truncated, truncated.byteLength)).rejects.toThrow(/truncated WAV/);
  });

  it('rejects text named .wav by its content', async () => {
    const text = new TextEncoder().encode('this is not audio at all, just a note\n');
    await expect(probeRecording(text, text.byteLength)).rejects.toThrow(UnsupportedAudioError);
  });

  it('rejects empty objects and unsupported encodings with a reason', async () => {
    await expect(probeRecording(new Uint8Array(), 0)).rejects.toThrow(/empty/);
    const adpcm = wav({ format: 0x11, bits: 16 });
    await expect(probeRecording(adpcm, adpcm.byteLength)).rejects.toThrow(/IMA ADPCM/);
    const mulaw = wav({ format: 7, bits: 8 });
    await expect(probeRecording(mulaw, mulaw.byteLength)).resolves.toMatchObject({
      codec: 'mulaw',
    });
    const six = wav({ channels: 6 });
    await expect(probeRecording(six, six.byteLength)).rejects.toThrow(/6 channels/);
  });
});
