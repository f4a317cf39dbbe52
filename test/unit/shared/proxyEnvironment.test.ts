import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../functions/shared/errors';
import {
  assertNoProxyEnvironment,
  forbiddenNetworkVariables,
} from '../../../functions/shared/proxyEnvironment';
import {
  readBucketsEnvironment,
  readStageEnvironment,
} from '../../../functions/shared/stageEnvironment';

const stageEnv = {
  RECORDINGS_BUCKET: 'recordings',
  RESULTS_BUCKET: 'results',
  NEXT_QUEUE_URL: 'https://sqs.eusc-de-east-1.amazonaws.eu/123456789012/next',
  PIPELINE_CONFIG: JSON.stringify({
    speechToText: { type: 'pocketsphinx' },
    translation: { type: 'apertium' },
    summarization: { type: 'extractive' },
  }),
};

describe('Function: forbiddenNetworkVariables', () => {
  it('returns every proxy and TLS override in any case, and nothing else', () => {
    expect(
      forbiddenNetworkVariables({
        http_proxy: 'x',
        HTTPS_PROXY: 'x',
        NODE_USE_ENV_PROXY: '1',
        NODE_TLS_REJECT_UNAUTHORIZED: '0',
        node_extra_ca_certs: '/ca.pem',
        NO_PROXY: 'localhost',
        PATH: '/bin',
      }),
    ).toEqual([
      'HTTPS_PROXY',
      'NODE_TLS_REJECT_UNAUTHORIZED',
      'NODE_USE_ENV_PROXY',
      'http_proxy',
      'node_extra_ca_certs',
    ]);
  });
});

describe('Function: assertNoProxyEnvironment', () => {
  it('throws a ConfigurationError naming the variables when one is set', () => {
    expect(() => assertNoProxyEnvironment({ https_proxy: 'http://p:3128' })).toThrow(
      ConfigurationError,
    );
    expect(() => assertNoProxyEnvironment({ https_proxy: 'http://p:3128' })).toThrow(/https_proxy/);
  });

  it('stops the stage, erase and review functions at cold start', () => {
    expect(() => readStageEnvironment({ ...stageEnv, HTTPS_PROXY: 'http://p:3128' })).toThrow(
      /Refusing to start: HTTPS_PROXY/,
    );
    expect(() => readStageEnvironment({ ...stageEnv, NODE_EXTRA_CA_CERTS: '/ca.pem' })).toThrow(
      /NODE_EXTRA_CA_CERTS/,
    );
    expect(() => readBucketsEnvironment({ ...stageEnv, NODE_USE_ENV_PROXY: '1' })).toThrow(
      /NODE_USE_ENV_PROXY/,
    );
    expect(readStageEnvironment(stageEnv).resultsBucket).toBe('results');
  });
});
