import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudioHookSession } from '../../../live/bridge/AudioHookSession';
import { BridgeServer } from '../../../live/bridge/BridgeServer';
import { RecordingObserver } from '../support/recordingObserver';
import { connect, type SpecClient, UpgradeRefused } from '../support/specClient';

const API_KEY = 'conformance-key';
const SECRET = randomBytes(32).toString('base64');
const KEY_WITHOUT_SECRET = 'key-without-secret';
const STEREO_PCMU = {
  type: 'audio',
  format: 'PCMU',
  channels: ['external', 'internal'],
  rate: 8000,
};

describe('Class: BridgeServer (AudioHook conformance)', () => {
  let bridge: BridgeServer;
  const observers = new Map<string, RecordingObserver>();
  const sessions = new Map<string, AudioHookSession>();

  beforeAll(async () => {
    bridge = await BridgeServer.start({
      credentials: [{ apiKey: API_KEY, clientSecret: SECRET }, { apiKey: KEY_WITHOUT_SECRET }],
      failureDelayMs: 50,
      closeGraceMs: 300,
      supportedLanguages: ['en-US', 'es-ES', 'de-DE'],
      observe: (session, { sessionId }) => {
        const observer = new RecordingObserver(session);
        observers.set(sessionId, observer);
        sessions.set(sessionId, session);
        return observer;
      },
    });
  });
  afterAll(async () => {
    await bridge.stop();
  });

  const open = async (media: unknown[] = [STEREO_PCMU]): Promise<SpecClient> => {
    const client = await connect(bridge.url, { apiKey: API_KEY, clientSecret: SECRET });
    client.open(media);
    await client.next('opened');
    return client;
  };
  const observerOf = (client: SpecClient) => observers.get(client.sessionId) as RecordingObserver;
  /** 100 ms of stereo PCMU: 800 sample frames of 2 bytes. */
  const pcmuFrame = () => randomBytes(1600);

  it('accepts a signed upgrade and runs open, audio, ping, update, close to the end', async () => {
    // Prepare
    const client = await connect(bridge.url, { apiKey: API_KEY, clientSecret: SECRET });
    // Act
    client.open([
      { type: 'audio', format: 'OPUS', channels: ['external', 'internal'], rate: 48000 },
      STEREO_PCMU,
    ]);
    const opened = await client.next('opened');
    const sent = createHash('sha256');
    for (let i = 0; i < 10; i++) {
      const frame = pcmuFrame();
      sent.update(frame);
      client.sendAudio(frame, 2);
    }
    client.send('ping', {});
    const pong = await client.next('pong');
    client.send('update', { language: 'es-ES' });
    const updated = await client.next('updated');
    await client.closeSession('end');
    const end = await observerOf(client).ended;
    // Assess
    expect(opened).toMatchObject({ version: '2', id: client.sessionId, seq: 1, clientseq: 1 });
    expect(opened.parameters.media).toEqual([STEREO_PCMU]);
    expect(pong).toMatchObject({ seq: 2, clientseq: 2 });
    expect(updated).toMatchObject({ seq: 3, clientseq: 3 });
    expect(client.received.at(-1)).toMatchObject({ type: 'closed', seq: 4, clientseq: 4 });
    expect(observerOf(client).samples).toBe(8000);
    expect(observerOf(client).audioSha256()).toBe(sent.digest('hex'));
    expect(observerOf(client).languages).toEqual(['es-ES']);
    expect(end).toEqual({ how: 'closed', reason: 'end' });
  });

  it('offers supported languages and accepts mono L16 when the client asks', async () => {
    const client = await connect(bridge.url, { apiKey: API_KEY, clientSecret: SECRET });
    client.open([{ type: 'audio', format: 'L16', channels: ['external'], rate: 8000 }], {
      supportedLanguages: true,
    });
    const opened = await client.next('opened');
    const samples = new Int16Array([0, 1000, -1000, 32767]);
    client.sendAudio(new Uint8Array(samples.buffer), 2);
    await client.closeSession();
    expect(opened.parameters.supportedLanguages).toEqual(['en-US', 'es-ES', 'de-DE']);
    expect(observerOf(client).opened?.media).toMatchObject({
      format: 'L16',
      channels: ['external'],
    });
    expect(observerOf(client).samples).toBe(4);
  });

  it('answers a connection probe without media with an empty media list', async () => {
    const client = await connect(bridge.url, { apiKey: API_KEY, clientSecret: SECRET });
    client.open([]);
    const opened = await client.next('opened');
    await client.closeSession();
    expect(opened.parameters.media).toEqual([]);
  });

  it('disconnects with error when no offered media is supported', async () => {
    const client = await connect(bridge.url, { apiKey: API_KEY, clientSecret: SECRET });
    client.open([{ type: 'audio', format: 'PCMU', channels: ['external'], rate: 16000 }]);
    const disconnect = await client.next('disconnect');
    await client.closeSession('disconnect');
    expect(disconnect.parameters.reason).toBe('error');
  });

  it('moves the position over a client pause and a server pause request', async () => {
    const client = await open();
    client.sendAudio(pcmuFrame(), 2);
    client.send('paused', {});
    // While paused the position stands still; resumed says what was skipped.
    const start = client.position;
    client.position += 2;
    client.send('resumed', { start: `PT${start}S`, discarded: 'PT2S' });
    client.sendAudio(pcmuFrame(), 2);
    client.send('ping', {});
    await client.next('pong');
    expect(sessions.get(client.sessionId)?.requestPause(true)).toBe(true);
    await client.next('pause');
    sessions.get(client.sessionId)?.requestPause(false);
    await client.next('resume');
    await client.closeSession();
    expect(observerOf(client).gaps).toEqual([[0.1, 2]]);
    expect(observerOf(client).end).toEqual({ how: 'closed', reason: 'end' });
  });

  it('refuses audio while the client reports paused', async () => {
    const client = await open();
    client.send('paused', {});
    client.sendAudio(pcmuFrame(), 2);
    const disconnect = await client.next('disconnect');
    await client.closeSession('disconnect');
    expect(disconnect.parameters).toMatchObject({ reason: 'error' });
    expect(await observerOf(client).ended).toMatchObject({ how: 'disconnected', reason: 'error' });
  });

  it('accounts for discarded audio in the stream position', async () => {
    const client = await open();
    client.sendAudio(pcmuFrame(), 2);
    const start = client.position;
    client.position += 1.5;
    client.send('discarded', { start: `PT${start}S`, discarded: 'PT1.5S' });
    client.sendAudio(pcmuFrame(), 2);
    client.send('ping', {});
    await client.next('pong');
    await client.closeSession();
    expect(observerOf(client).gaps).toEqual([[0.1, 1.5]]);
    expect(observerOf(client).end).toEqual({ how: 'closed', reason: 'end' });
  });

  it('sends transcript events with increasing seq while the session is open', async () => {
    const client = await open();
    const session = sessions.get(client.sessionId) as AudioHookSession;
    const entity = {
      type: 'transcript' as const,
      data: {
        id: randomUUID(),
        channelId: 0,
        isFinal: true,
        offset: 'PT0S',
        duration: 'PT1.2S',
        alternatives: [
          { confidence: 0.9, interpretations: [{ type: 'display' as const, transcript: 'hello' }] },
        ],
      },
    };
    expect(session.sendTranscripts([entity])).toBe(true);
    const event = await client.next('event');
    await client.closeSession();
    expect(event).toMatchObject({ seq: 2, parameters: { entities: [entity] } });
    expect(session.sendTranscripts([entity])).toBe(false);
  });

  it('lets a server-initiated disconnect end with the client close and closed', async () => {
    const client = await open();
    sessions.get(client.sessionId)?.disconnect('completed', 'call summarised');
    const disconnect = await client.next('disconnect');
    client.send('close', { reason: 'disconnect' });
    await client.next('closed');
    client.ws.close();
    expect(disconnect.parameters).toEqual({ reason: 'completed', info: 'call summarised' });
    expect(await observerOf(client).ended).toEqual({
      how: 'disconnected',
      reason: 'completed',
      info: 'call summarised',
    });
  });

  describe('refuses the upgrade with 401', () => {
    const refusal = async (options: Parameters<typeof connect>[1]) => {
      const error = await connect(bridge.url, options).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UpgradeRefused);
      return (error as UpgradeRefused).status;
    };

    it('returns 401 when the signature was made with another secret', async () => {
      const status = await refusal({
        apiKey: API_KEY,
        clientSecret: randomBytes(32).toString('base64'),
      });
      expect(status).toBe(401);
    });
    it('returns 401 when the API key is unknown', async () => {
      expect(await refusal({ apiKey: 'who-is-this', clientSecret: SECRET })).toBe(401);
    });
    it('returns 401 when a key with a secret comes without a signature', async () => {
      expect(await refusal({ apiKey: API_KEY })).toBe(401);
    });
    it('returns 401 when a signed header is changed after signing', async () => {
      const status = await refusal({
        apiKey: API_KEY,
        clientSecret: SECRET,
        afterSigning: (headers) => {
          headers['Audiohook-Session-Id'] = randomUUID();
        },
      });
      expect(status).toBe(401);
    });
    it('returns 401 when the signature does not cover every AudioHook component', async () => {
      const status = await refusal({
        apiKey: API_KEY,
        clientSecret: SECRET,
        components: ['@request-target', '@authority', 'x-api-key'],
      });
      expect(status).toBe(401);
    });
    it('returns 401 when the signature has expired or is too old', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = { created: now - 120, expires: now - 60 };
      const old = { created: now - 3600, expires: now + 60 };
      expect(await refusal({ apiKey: API_KEY, clientSecret: SECRET, signature: expired })).toBe(
        401,
      );
      expect(await refusal({ apiKey: API_KEY, clientSecret: SECRET, signature: old })).toBe(401);
    });
    it('returns 401 when a nonce is replayed', async () => {
      const signature = { nonce: randomBytes(16).toString('base64url') };
      const first = await connect(bridge.url, { apiKey: API_KEY, clientSecret: SECRET, signature });
      first.ws.terminate();
      expect(await refusal({ apiKey: API_KEY, clientSecret: SECRET, signature })).toBe(401);
    });
    it('returns 401 when the session headers are missing or malformed', async () => {
      expect(await refusal({ apiKey: KEY_WITHOUT_SECRET, sessionId: 'not-a-uuid' })).toBe(401);
    });
    it('accepts a key without a client secret by the key alone', async () => {
      const client = await connect(bridge.url, { apiKey: KEY_WITHOUT_SECRET });
      client.open();
      await client.next('opened');
      await client.closeSession();
    });
  });

  describe('ends a misbehaving session with disconnect (reason error)', () => {
    const expectErrorDisconnect = async (client: SpecClient) => {
      const disconnect = await client.next('disconnect');
      expect(disconnect.parameters.reason).toBe('error');
      // The client answers as the protocol says, and the session ends cleanly.
      client.send('close', { reason: 'error' });
      await client.next('closed');
      client.ws.close();
      expect(await observerOf(client).ended).toMatchObject({
        how: 'disconnected',
        reason: 'error',
      });
    };

    it('disconnects when a text message is not JSON', async () => {
      const client = await open();
      client.sendRaw('{"version": "2", "type": ');
      await expectErrorDisconnect(client);
    });
    it('disconnects when a message lacks the protocol fields', async () => {
      const client = await open();
      client.sendRaw(JSON.stringify({ type: 'ping' }));
      await expectErrorDisconnect(client);
    });
    it('disconnects when seq skips a number', async () => {
      const client = await open();
      client.send('ping', {}, { seq: 5 });
      client.seq = 1;
      await expectErrorDisconnect(client);
    });
    it('disconnects when seq repeats', async () => {
      const client = await open();
      client.send('ping', {}, { seq: 1 });
      await expectErrorDisconnect(client);
    });
    it('disconnects when the position does not match the audio sent', async () => {
      const client = await open();
      client.sendAudio(pcmuFrame(), 2);
      client.send('ping', {}, { position: 'PT5S' });
      await expectErrorDisconnect(client);
    });
    it('disconnects when the message type is unknown', async () => {
      const client = await open();
      client.send('dance', {});
      await expectErrorDisconnect(client);
    });
    it('disconnects when the session id is not this session', async () => {
      const client = await open();
      client.send('ping', {}, { id: randomUUID() });
      await expectErrorDisconnect(client);
    });
    it('disconnects when a message comes before open', async () => {
      const client = await connect(bridge.url, { apiKey: API_KEY, clientSecret: SECRET });
      client.send('ping', {});
      await expectErrorDisconnect(client);
    });
    it('disconnects when audio comes before opened', async () => {
      const client = await connect(bridge.url, { apiKey: API_KEY, clientSecret: SECRET });
      client.sendAudio(pcmuFrame(), 2);
      await expectErrorDisconnect(client);
    });
    it('disconnects when an audio frame is not whole sample frames', async () => {
      const client = await open();
      client.sendAudio(randomBytes(1601), 2);
      await expectErrorDisconnect(client);
    });
    it('disconnects when a text message is larger than 64 KiB', async () => {
      const client = await open();
      client.send('ping', { padding: 'x'.repeat(70_000) });
      await expectErrorDisconnect(client);
    });
    it('cuts a client that ignores disconnect after the grace time', async () => {
      const client = await open();
      client.sendRaw('not json');
      await client.next('disconnect');
      const code = await client.closed;
      expect(code).toBe(1006);
      expect(await observerOf(client).ended).toMatchObject({ how: 'disconnected' });
    });
  });

  it('ends the session as vanished when the client disappears mid-utterance', async () => {
    const client = await open();
    client.sendAudio(pcmuFrame(), 2);
    client.send('ping', {});
    await client.next('pong');
    client.ws.terminate();
    expect(await observerOf(client).ended).toEqual({ how: 'vanished' });
    expect(observerOf(client).samples).toBe(800);
  });

  it('closes in the middle of an utterance with all audio delivered before the end', async () => {
    const client = await open();
    for (let i = 0; i < 5; i++) client.sendAudio(pcmuFrame(), 2);
    await client.closeSession('end');
    expect(observerOf(client).samples).toBe(4000);
    expect(await observerOf(client).ended).toEqual({ how: 'closed', reason: 'end' });
  });

  it('keeps 20 concurrent sessions apart and survives everything above', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => open()));
    const hashes = clients.map((client, i) => {
      const hash = createHash('sha256');
      for (let f = 0; f <= i % 4; f++) {
        const frame = pcmuFrame();
        hash.update(frame);
        client.sendAudio(frame, 2);
      }
      return hash.digest('hex');
    });
    await Promise.all(clients.map((client) => client.closeSession()));
    clients.forEach((client, i) => {
      expect(observerOf(client).audioSha256()).toBe(hashes[i]);
      expect(observerOf(client).samples).toBe(800 * ((i % 4) + 1));
    });
    expect(bridge.activeSessions).toBe(0);
  });
});
