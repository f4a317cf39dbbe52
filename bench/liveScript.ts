// What the live benchmark's calls say and how its two processes talk (bench/liveLatency.ts,
// bench/livePlayers.ts).

export const RATE = 8000;

export interface Burst {
  channel: 0 | 1;
  start: number;
  end: number;
}

/** Three turns per side, 1.6 s each, alternating, 1.4 s apart: 18 s of call. */
export const SCRIPT: readonly Burst[] = Array.from({ length: 6 }, (_, i) => ({
  channel: (i % 2) as 0 | 1,
  start: 0.6 + i * 3,
  end: 2.2 + i * 3,
}));
export const SECONDS = 19;

export type PlayersRequest =
  | {
      type: 'run';
      url: string;
      httpUrl: string;
      apiKey: string;
      clientSecret: string;
      calls: number;
    }
  | { type: 'links'; conversationId: string; links: { caseWorker: string; citizen: string } };

export type PlayersReply =
  | { type: 'done'; caseWorker: number[]; citizen: number[] }
  | { type: 'failed'; message: string };
