import { z } from 'zod';
import { parseDuration } from './duration';

/**
 * AudioHook protocol version 2 messages (Genesys Cloud Developer Center, "AudioHook Protocol
 * Specification"). Text frames carry these JSON messages; binary frames carry audio.
 */

export type MediaFormat = 'PCMU' | 'L16';
export type MediaChannel = 'external' | 'internal';

export interface MediaParameter {
  type: 'audio';
  format: MediaFormat;
  channels: MediaChannel[];
  rate: number;
}

const duration = z.string().refine((text) => parseDuration(text) !== undefined, {
  message: 'not an ISO 8601 duration',
});

/** The fields every client message carries. */
export const clientMessageBase = z.object({
  version: z.literal('2'),
  id: z.string().min(1).max(64),
  type: z.string().min(1).max(32),
  seq: z.number().int().positive(),
  serverseq: z.number().int().nonnegative(),
  position: duration,
  parameters: z.record(z.string(), z.unknown()),
});
export type ClientMessageBase = z.infer<typeof clientMessageBase>;

const media = z.object({
  type: z.string(),
  format: z.string(),
  channels: z.array(z.string()).max(8),
  rate: z.number(),
});

/** Parameters per client message type; unknown keys are tolerated (forward compatibility). */
export const clientParameters = {
  open: z.object({
    organizationId: z.string().min(1),
    conversationId: z.string().min(1),
    participant: z
      .object({
        id: z.string().optional(),
        ani: z.string().optional(),
        aniName: z.string().optional(),
        dnis: z.string().optional(),
      })
      .optional(),
    media: z.array(media).max(16),
    language: z.string().max(35).optional(),
    supportedLanguages: z.boolean().optional(),
    customConfig: z.record(z.string(), z.unknown()).optional(),
    continuedSessions: z.array(z.unknown()).optional(),
  }),
  close: z.object({ reason: z.enum(['end', 'error', 'disconnect', 'reconnect']) }),
  ping: z.object({ rtt: duration.optional() }),
  paused: z.object({}),
  resumed: z.object({ start: duration, discarded: duration }),
  discarded: z.object({ start: duration, discarded: duration }),
  update: z.object({ language: z.string().min(1).max(35) }),
  error: z.object({
    code: z.number().int(),
    message: z.string().optional(),
    retryAfter: duration.optional(),
  }),
} as const;

export type ClientMessageType = keyof typeof clientParameters;

export function isClientMessageType(type: string): type is ClientMessageType {
  return Object.hasOwn(clientParameters, type);
}

export type ServerMessageType =
  | 'opened'
  | 'pong'
  | 'pause'
  | 'resume'
  | 'updated'
  | 'event'
  | 'closed'
  | 'disconnect'
  | 'reconnect';

export interface ServerMessage {
  version: '2';
  id: string;
  type: ServerMessageType;
  seq: number;
  clientseq: number;
  parameters: Record<string, unknown>;
}

export type DisconnectReason = 'completed' | 'unauthorized' | 'error';

/** A recognised utterance as the Transcription Connector expects it in an `event` message. */
export interface TranscriptEntity {
  type: 'transcript';
  data: {
    id: string;
    channelId: number;
    isFinal: boolean;
    offset: string;
    duration: string;
    alternatives: Array<{
      confidence: number;
      languages?: string[];
      interpretations: Array<{
        type: 'display';
        transcript: string;
        tokens?: Array<{
          type: 'word';
          value: string;
          confidence: number;
          offset: string;
          duration: string;
          language?: string;
        }>;
      }>;
    }>;
  };
}
