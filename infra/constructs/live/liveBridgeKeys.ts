import { liveViewLinksKey } from '../../../live/container/liveViewLinks';

const ANY = { case_id: '*', contact_id: '*' };

/** Where the bridge writes in the results bucket: live segments and the view links. */
export const LIVE_BRIDGE_WRITES = ['cases/*/contacts/*/live/*', liveViewLinksKey(ANY)] as const;

/** What it reads back: the first segment of a repeated utterance. */
export const LIVE_BRIDGE_READS = ['cases/*/contacts/*/live/*'] as const;

/** The assembled recordings under the recordings prefix (live/uploadRecording.ts). */
export const liveRecordingsPattern = (recordingsPrefix: string) => `${recordingsPrefix}live/*`;
