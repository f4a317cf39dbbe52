import type { LiveSegment } from '../../../live/calls/liveSegment';
import type { ContactRef, RecordingInfo, Transcript } from '../../shared/documents';
import { SCHEMA_VERSION } from '../../shared/documents';
import type { ObjectStore } from '../../shared/ports';

/**
 * Object metadata (x-amz-meta-live-segments) of a recording assembled from a live call: whether
 * its live segments cover every utterance (`complete`) or some were lost (`partial`: a bridge
 * restart, a failed utterance, a missing piece).
 */
export const LIVE_COVERAGE_METADATA = 'live-segments';

/** The live segments of a contact, in any order. */
export type LiveSegmentSource = (ref: ContactRef) => Promise<LiveSegment[]>;

/** The provider name in a transcript's provenance that was built from live segments. */
export const LIVE_SEGMENTS_PROVIDER = 'live-segments';

const SEGMENT_KEY = /\/live\/\d{10}-\d\.json$/;

/** Reads the segments under `cases/<case>/contacts/<contact>/live/` with a listing function. */
export function liveSegmentSource(
  listKeys: (bucket: string, prefix: string) => Promise<Array<{ key: string }>>,
  store: ObjectStore,
  resultsBucket: string,
): LiveSegmentSource {
  return async (ref) => {
    const prefix = `cases/${ref.case_id}/contacts/${ref.contact_id}/live/`;
    const keys = (await listKeys(resultsBucket, prefix))
      .map((o) => o.key)
      .filter((key) => SEGMENT_KEY.test(key));
    const segments = await Promise.all(
      keys.map((key) => store.getJson<LiveSegment>(resultsBucket, key)),
    );
    return segments.filter((s): s is LiveSegment => s !== undefined);
  };
}

/**
 * The post-call transcript from the live segments, when the recording says they cover the call:
 * no second speech-to-text run, so the summary follows seconds after hang-up. Undefined when
 * they do not (the caller then transcribes the recording as usual).
 */
export async function transcriptFromLiveSegments(
  store: ObjectStore,
  recording: RecordingInfo,
  source: LiveSegmentSource,
): Promise<Transcript | undefined> {
  if (!recording.audio) return undefined;
  const started = performance.now();
  const head = await store.head(recording.source.bucket, recording.source.key);
  if (head?.metadata[LIVE_COVERAGE_METADATA] !== 'complete') return undefined;
  const ref = { case_id: recording.case_id, contact_id: recording.contact_id };
  const segments = (await source(ref))
    .filter((s) => s.case_id === ref.case_id && s.contact_id === ref.contact_id)
    .sort((a, b) => a.start - b.start || a.channel - b.channel);
  const models = [...new Set(segments.map((s) => s.provenance.speech_to_text.model))];
  const providers = [...new Set(segments.map((s) => s.provenance.speech_to_text.provider))];
  const language =
    recording.languages.caller ?? segments.find((s) => s.speaker === 'caller')?.language ?? 'und';
  return {
    schema_version: SCHEMA_VERSION,
    ...ref,
    language,
    duration_seconds: recording.audio.duration_seconds,
    turns: segments.map((s, index) => ({
      index,
      speaker: s.speaker,
      channel: s.channel,
      start: s.start,
      end: s.end,
      text: s.text,
      language: s.language,
    })),
    ai_generated: true,
    provenance: {
      // Says where the text came from; the live engines are named in `model_version`.
      provider: LIVE_SEGMENTS_PROVIDER,
      model: models.join('+') || 'none',
      ...(providers.length > 0 ? { model_version: `live:${providers.join('+')}` } : {}),
      latency_ms: Math.round(performance.now() - started),
    },
  };
}
