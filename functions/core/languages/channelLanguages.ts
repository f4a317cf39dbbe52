import type { RecordingInfo, SpeakerRole, Transcript } from '../../shared/documents';

/** The agent's language: what metadata names, else the case worker's (the authority's staff). */
export function agentLanguage(recording: RecordingInfo): string {
  return recording.languages.agent ?? recording.languages.case_worker;
}

/** The language expected from a role: none for an unknown speaker of a mixed-language contact. */
export function roleLanguage(recording: RecordingInfo, role: SpeakerRole): string | undefined {
  const agent = agentLanguage(recording);
  const caller = recording.languages.caller;
  if (role === 'agent') return agent;
  if (role === 'caller') return caller;
  return caller === agent ? caller : undefined;
}

/**
 * What speech-to-text should expect on each channel: the agent's channel the agent's language,
 * the caller's the caller's language or nothing (the provider detects it). A mono recording has
 * one channel whose role is unknown: a hint only when both sides speak the same language.
 */
export function channelLanguages(
  recording: RecordingInfo,
  roles: Record<string, SpeakerRole>,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(roles).map(([channel, role]) => [channel, roleLanguage(recording, role)]),
  );
}

/**
 * Roles per channel as transcription applies them: a mono recording carries both speakers on one
 * channel, so the stereo mapping (`channelRoles`) does not apply and its role is unknown until a
 * diarizing provider says otherwise.
 */
export function transcriptionRoles(recording: RecordingInfo): Record<string, SpeakerRole> {
  if ((recording.audio?.channels ?? 1) === 1) return { '0': 'unknown' };
  return recording.channel_roles;
}

/**
 * Every turn names its language: the provider's detection where it gave one, else what the
 * turn's role (or, failing that, the whole transcript) was expected to be in.
 */
export function withTurnLanguages(transcript: Transcript, recording: RecordingInfo): Transcript {
  return {
    ...transcript,
    turns: transcript.turns.map((turn) => {
      if (turn.language && turn.language !== 'und') return turn;
      const language = roleLanguage(recording, turn.speaker) ?? transcript.language;
      return { ...turn, language };
    }),
  };
}

/**
 * The caller's language: from metadata or configuration, else the language most of the caller's
 * turns were detected in, else the transcript's.
 */
export function callerLanguage(recording: RecordingInfo, transcript: Transcript): string {
  if (recording.languages.caller) return recording.languages.caller;
  const counts = new Map<string, number>();
  for (const turn of transcript.turns) {
    if (turn.speaker !== 'caller' || !turn.language || turn.language === 'und') continue;
    counts.set(turn.language, (counts.get(turn.language) ?? 0) + 1);
  }
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  return top?.[0] ?? transcript.language;
}
