import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../functions/shared/errors';
import { REPO_ROOT } from '../../../infra/config';
import {
  LIVE_CONTAINER_ENV as E,
  readLiveContainerEnvironment,
} from '../../../live/container/containerEnvironment';
import { liveViewLinks, liveViewLinksKey } from '../../../live/views/liveViewLinks';

const secret = randomBytes(32).toString('base64');
const valid = () => ({
  [E.recordingsBucket]: 'recordings',
  [E.resultsBucket]: 'results',
  [E.pipelineConfig]: readFileSync(join(REPO_ROOT, 'config', 'eusc.json'), 'utf8'),
  [E.apiKeys]: `genesys:${secret}`,
  [E.viewKey]: randomBytes(48).toString('base64'),
});

describe('Function: readLiveContainerEnvironment', () => {
  it('returns the settings with their defaults when the required variables are set', () => {
    // Act
    const env = readLiveContainerEnvironment(valid());

    // Assess
    expect(env).toMatchObject({
      recordingsBucket: 'recordings',
      resultsBucket: 'results',
      recordingsPrefix: 'recordings/',
      port: 8080,
      maxUtteranceSeconds: 15,
      defaultCaseId: 'LIVE',
      credentials: [{ apiKey: 'genesys', clientSecret: secret }],
    });
    expect(env.viewKey).toHaveLength(48);
    expect(env.pipeline.speechToText.type).toBe('openai-compatible');
  });

  it('throws naming every missing variable', () => {
    expect(() => readLiveContainerEnvironment({})).toThrow(
      new RegExp(`${E.recordingsBucket}.*${E.resultsBucket}.*${E.pipelineConfig}.*${E.apiKeys}`),
    );
  });

  it('throws without quoting the secret when an API key entry is malformed', () => {
    // Prepare
    const env = { ...valid(), [E.apiKeys]: 'genesys:not-base64:extra' };

    // Act
    const error = (() => {
      try {
        readLiveContainerEnvironment(env);
      } catch (caught) {
        return caught as Error;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).toMatch(new RegExp(`^${E.apiKeys}: `));
    expect(error?.message).not.toContain('not-base64');
  });

  it('throws when the view key is shorter than 32 bytes', () => {
    // 44 characters, but only 40 of them base64: 30 bytes.
    const short = `${'QUJD'.repeat(10)}!!!!`;
    expect(() => readLiveContainerEnvironment({ ...valid(), [E.viewKey]: short })).toThrow(
      /at least 32 bytes/,
    );
  });

  it('refuses a public URL that is not https', () => {
    expect(() =>
      readLiveContainerEnvironment({ ...valid(), [E.publicUrl]: 'http://live.example.org' }),
    ).toThrow(new RegExp(E.publicUrl));
  });

  it('refuses to start behind a proxy variable', () => {
    expect(() =>
      readLiveContainerEnvironment({ ...valid(), HTTPS_PROXY: 'http://proxy.example:3128' }),
    ).toThrow(/HTTPS_PROXY/);
  });
});

describe('Function: liveViewLinks', () => {
  it('returns absolute links under the public URL, stored beside the contact outside live/', () => {
    // Prepare
    const ref = { case_id: 'CASE-1', contact_id: 'c-1' };

    // Act
    const links = liveViewLinks(
      ref,
      { caseWorker: '/live/a.case-worker.x', citizen: '/live/a.citizen.y' },
      'https://live.example.org',
      new Date('2026-12-03T22:00:00Z'),
    );

    // Assess
    expect(links).toMatchObject({
      case_worker: 'https://live.example.org/live/a.case-worker.x',
      citizen: 'https://live.example.org/live/a.citizen.y',
      valid_until: 'call-end',
    });
    expect(liveViewLinksKey(ref)).toBe('cases/CASE-1/contacts/c-1/live-views.json');
  });
});
