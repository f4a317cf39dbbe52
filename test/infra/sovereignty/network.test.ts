import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../infra/app';
import { euscStack, findingsOf, sovereigntyFindings, testApp } from './support';

const fn = (environment: Record<string, string>) => {
  const app = testApp({ failOnFindings: false });
  new LambdaFunction(euscStack(app), 'Fn', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline('export const handler = async () => {};'),
    environment,
  });
  return app;
};

describe('Rule: NoProxyEnvironment', () => {
  it('Noncompliance 1: a function environment with a proxy, in lower case too', () => {
    const app = fn({ https_proxy: 'http://proxy:3128', NODE_USE_ENV_PROXY: '1' });

    expect(findingsOf(sovereigntyFindings(app), 'NoProxyEnvironment')).toEqual([
      { rule: 'Sovereignty-NoProxyEnvironment[https_proxy]', path: 'Fn/Resource' },
      { rule: 'Sovereignty-NoProxyEnvironment[NODE_USE_ENV_PROXY]', path: 'Fn/Resource' },
    ]);
  });

  it('Noncompliance 2: TLS overrides', () => {
    const app = fn({ NODE_TLS_REJECT_UNAUTHORIZED: '0', NODE_EXTRA_CA_CERTS: '/tmp/ca.pem' });

    expect(findingsOf(sovereigntyFindings(app), 'NoProxyEnvironment').map((f) => f.rule)).toEqual([
      'Sovereignty-NoProxyEnvironment[NODE_EXTRA_CA_CERTS]',
      'Sovereignty-NoProxyEnvironment[NODE_TLS_REJECT_UNAUTHORIZED]',
    ]);
  });

  it('Compliance: an ordinary environment', () => {
    const app = fn({ RESULTS_BUCKET: 'results', NO_PROXY: 'localhost' });

    expect(findingsOf(sovereigntyFindings(app), 'NoProxyEnvironment')).toEqual([]);
  });
});

describe('Function: buildApp (synth process environment)', () => {
  it('refuses to synthesize when the synth process has a proxy variable', () => {
    expect(() => buildApp({}, { processEnv: { HTTPS_PROXY: 'http://proxy:3128' } })).toThrow(
      /ProxyEnvironment.*HTTPS_PROXY/,
    );
    expect(() => buildApp({}, { processEnv: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } })).toThrow(
      /NODE_TLS_REJECT_UNAUTHORIZED/,
    );
  });
});
