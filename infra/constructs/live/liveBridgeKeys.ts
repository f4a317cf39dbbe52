import { LIVE_AUDIO_ROOT } from '../../../functions/core/erasure/caseData';
import { liveViewLinksKey } from '../../../live/views/liveViewLinks';

const ANY = { case_id: '*', contact_id: '*' };

/** Where the bridge writes in the results bucket: live segments and the view links. */
export const LIVE_BRIDGE_WRITES = ['cases/*/contacts/*/live/*', liveViewLinksKey(ANY)] as const;

/** What it reads back: the first segment of a repeated utterance. */
export const LIVE_BRIDGE_READS = ['cases/*/contacts/*/live/*'] as const;

/** The assembled recordings under the recordings prefix (live/uploadRecording.ts). */
export const liveRecordingsPattern = (recordingsPrefix: string) => `${recordingsPrefix}live/*`;

/**
 * The audio of calls in progress in the recordings bucket (live/chunks/pieceLayout.ts): the
 * bridge writes a piece every few seconds, reads the pieces back to assemble the recording at the
 * end, and then deletes them.
 */
export const LIVE_BRIDGE_AUDIO = `${LIVE_AUDIO_ROOT}*`;
