// The telephony side of the live benchmark, in its own process as Genesys Cloud would be: plays
// N scripted calls through the AudioHook bridge in real time and reads both live views of each
// call over server-sent events. Both timestamps of a latency (end of the utterance sent, line
// received) are taken here, on one clock. Driven by bench/liveLatency.ts over IPC.
import { playThroughBridge } from '../live/player/AudioHookPlayer';
import type { ViewLine } from '../live/views/viewLines';
import { readSse } from '../test/live/support/sse';
import {
  type Burst,
  type PlayersReply,
  type PlayersRequest,
  RATE,
  SCRIPT,
  SECONDS,
} from './liveScript';

function scriptedChannels(): Int16Array[] {
  return [0, 1].map((channel) =>
    Int16Array.from({ length: SECONDS * RATE }, (_, i) => {
      const t = i / RATE;
      const speaking = SCRIPT.some((b) => b.channel === channel && t >= b.start && t < b.end);
      if (!speaking) return ((i * 7919 + channel) % 41) - 20;
      return Math.round(6000 * Math.sin(2 * Math.PI * (300 + 120 * channel) * t));
    }),
  );
}

const linkWaiters = new Map<string, (links: { caseWorker: string; citizen: string }) => void>();

async function oneCall(
  request: Extract<PlayersRequest, { type: 'run' }>,
  channels: Int16Array[],
): Promise<{ caseWorker: number[]; citizen: number[] }> {
  const conversationId = crypto.randomUUID();
  const endSent = new Map<Burst, number>();
  const latencies = { caseWorker: [] as number[], citizen: [] as number[] };
  const burstOf = (line: ViewLine) =>
    SCRIPT.find(
      (b) =>
        b.channel === (line.speaker === 'caller' ? 0 : 1) && Math.abs(b.start - line.start) < 0.5,
    );
  const readers: Array<ReturnType<typeof readSse>> = [];
  linkWaiters.set(conversationId, (links) => {
    for (const view of ['caseWorker', 'citizen'] as const) {
      readers.push(
        readSse(`${request.httpUrl}${links[view]}/events`, (line, at) => {
          const burst = burstOf(line);
          const sent = burst ? endSent.get(burst) : undefined;
          if (sent !== undefined) latencies[view].push(at - sent);
        }),
      );
    }
  });
  await playThroughBridge({
    url: request.url,
    apiKey: request.apiKey,
    clientSecret: request.clientSecret,
    channels,
    speed: 1,
    frameMs: 20,
    language: 'es-ES',
    conversationId,
    onFrameSent: (end, at) => {
      // The end of an utterance in the stream: the frame holding its last speech sample.
      for (const burst of SCRIPT)
        if (!endSent.has(burst) && end >= burst.end) endSent.set(burst, at);
    },
  });
  await Promise.all(readers.map((r) => r.ended.catch(() => undefined)));
  linkWaiters.delete(conversationId);
  return latencies;
}

async function run(request: Extract<PlayersRequest, { type: 'run' }>): Promise<PlayersReply> {
  const channels = scriptedChannels();
  const perCall = await Promise.all(
    Array.from({ length: request.calls }, () => oneCall(request, channels)),
  );
  return {
    type: 'done',
    caseWorker: perCall.flatMap((c) => c.caseWorker),
    citizen: perCall.flatMap((c) => c.citizen),
  };
}

process.on('message', (message: PlayersRequest) => {
  if (message.type === 'links') {
    linkWaiters.get(message.conversationId)?.(message.links);
    return;
  }
  run(message).then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ type: 'failed', message: (error as Error).message }),
  );
});
process.on('disconnect', () => process.exit(0));
