import { STAGE_ENV } from '../../../functions/shared/stageEnvironment';
import { LIVE_CONTAINER_ENV } from '../../../live/container/containerEnvironment';
import { aiEndpointsOf, parsePipelineConfigJson } from '../aiEndpoints';
import { asArray, directReference, isObject, type JsonObject, pick } from '../cfnJson';
import type { StackInput, TemplateResource } from './cloudAssembly';

/** One hop of call content through the live bridge (telephony in, providers, buckets, views out). */
export interface LiveBridgeFlow {
  readonly stack: string;
  /** Logical id of the bridge's task definition. */
  readonly bridge: string;
  readonly from: string;
  readonly to: string;
  /** Transport and protection, e.g. `TLS (ELBSecurityPolicy-…) on 443, WebSocket`. */
  readonly channel: string;
  readonly data: string;
}

/** What the bridge says in each direction (live/, README "Live mode"). */
const UTTERANCE_TEXT = 'utterance text and its translation';

/**
 * The live bridge's data flows, read from the template: the internet-facing load balancer and
 * its TLS listener, the task that carries the bridge (container environment and secrets), the
 * buckets its environment names, and the providers of its PIPELINE_CONFIG.
 */
export function liveBridgeFlows(stacks: readonly StackInput[]): LiveBridgeFlow[] {
  const flows: LiveBridgeFlow[] = [];
  for (const stack of stacks) {
    const resources = stack.resources;
    for (const [bridge, task] of Object.entries(resources)) {
      const container = bridgeContainer(task);
      if (!container) continue;
      const env = environmentOf(container);
      const flow = (from: string, to: string, channel: string, data: string) =>
        flows.push({ stack: stack.name, bridge, from, to, channel, data });
      const entry = loadBalancerEntry(resources);
      const bridgeName = `live bridge (ECS task ${bridge}, private subnets)`;
      const lb = entry
        ? `load balancer ${entry.loadBalancer} (${entry.scheme})`
        : 'load balancer (not found)';
      const tls = entry
        ? `TLS (${entry.sslPolicy}) on ${entry.port}; certificate from ACM`
        : 'TLS listener not found';
      flow(
        'Genesys Cloud (AudioHook client)',
        lb,
        `${tls}, WebSocket`,
        'call audio of both parties; API key and RFC 9421 signature of the upgrade',
      );
      flow(
        lb,
        bridgeName,
        `TCP ${entry?.targetPort ?? '?'} inside the VPC (TLS ends at the load balancer; only its security group may connect)`,
        'the same stream',
      );
      for (const endpoint of providerEndpoints(env)) {
        for (const host of endpoint.hosts.length > 0 ? endpoint.hosts : ['(inside the task)']) {
          flow(
            bridgeName,
            `${endpoint.capability} provider ${endpoint.providerType} at ${host}`,
            endpoint.hosts.length > 0 ? 'HTTPS (egress allow-list in the code)' : 'none',
            endpoint.capability === 'speechToText'
              ? 'audio of each utterance'
              : 'text of each utterance, to be translated',
          );
        }
      }
      flow(
        bridgeName,
        `bucket ${env.buckets.results ?? '?'}: cases/*/contacts/*/live/*, cases/*/contacts/*/live-views.json`,
        'HTTPS to S3 (gateway endpoint), SSE-KMS under the bucket key',
        `live segments (${UTTERANCE_TEXT}); the two view links of each call`,
      );
      flow(
        bridgeName,
        `bucket ${env.buckets.recordings ?? '?'}: ${env.recordingsPrefix ?? '?'}live/*`,
        'HTTPS to S3 (gateway endpoint), SSE-KMS under the bucket key',
        'the assembled stereo recording and its metadata sidecar, then the post-call pipeline',
      );
      flow(
        bridgeName,
        'Genesys Cloud (same WebSocket)',
        `${tls}, WebSocket`,
        'transcript events: the text of each utterance',
      );
      flow(
        bridgeName,
        "case worker's and citizen's browsers, through the load balancer",
        `${tls}, HTTPS pages and server-sent events under an HMAC-signed link`,
        `each utterance in the reader's language (the case worker's with the original beside it)`,
      );
      if (entry?.accessLogs)
        flow(
          lb,
          `bucket ${entry.accessLogs}: access logs`,
          'delivered by the log delivery service, SSE-KMS under the bucket key',
          'client IP address, TLS details and byte counts per connection; no call content',
        );
    }
  }
  return flows;
}

/** The container that carries the bridge: its secrets name the AudioHook API keys. */
function bridgeContainer(resource: TemplateResource): JsonObject | undefined {
  if (resource.Type !== 'AWS::ECS::TaskDefinition') return undefined;
  return asArray(resource.Properties?.ContainerDefinitions)
    .filter(isObject)
    .find((container) =>
      asArray(container.Secrets).some(
        (secret) => pick(secret, 'Name') === LIVE_CONTAINER_ENV.apiKeys,
      ),
    );
}

function environmentOf(container: JsonObject) {
  const variables = new Map<string, unknown>(
    asArray(container.Environment)
      .filter(isObject)
      .map((variable) => [String(variable.Name), variable.Value]),
  );
  const ref = (name: string) => directReference(variables.get(name));
  const prefix = variables.get(STAGE_ENV.recordingsPrefix);
  return {
    buckets: {
      results: ref(STAGE_ENV.resultsBucket),
      recordings: ref(STAGE_ENV.recordingsBucket),
    },
    recordingsPrefix: typeof prefix === 'string' ? prefix : undefined,
    pipelineConfig: variables.get(STAGE_ENV.pipelineConfig),
  };
}

function providerEndpoints(env: ReturnType<typeof environmentOf>) {
  if (typeof env.pipelineConfig !== 'string') return [];
  try {
    const config = parsePipelineConfigJson(env.pipelineConfig);
    return aiEndpointsOf(config).filter(
      (endpoint) => endpoint.capability === 'speechToText' || endpoint.capability === 'translation',
    );
  } catch {
    return []; // Sovereignty-EuAiEndpoints reports it.
  }
}

/** The internet-facing load balancer, its TLS listener and where it forwards and logs. */
function loadBalancerEntry(resources: Readonly<Record<string, TemplateResource>>) {
  const all = Object.entries(resources);
  for (const [loadBalancer, resource] of all) {
    if (resource.Type !== 'AWS::ElasticLoadBalancingV2::LoadBalancer') continue;
    const listener = all.find(
      ([, candidate]) =>
        candidate.Type === 'AWS::ElasticLoadBalancingV2::Listener' &&
        directReference(candidate.Properties?.LoadBalancerArn) === loadBalancer,
    )?.[1];
    const targetGroupId = directReference(
      pick(asArray(listener?.Properties?.DefaultActions)[0], 'TargetGroupArn'),
    );
    const targetGroup = targetGroupId ? resources[targetGroupId] : undefined;
    const attribute = (key: string) =>
      pick(
        asArray(resource.Properties?.LoadBalancerAttributes).find(
          (entry) => pick(entry, 'Key') === key,
        ),
        'Value',
      );
    return {
      loadBalancer,
      scheme: String(resource.Properties?.Scheme ?? 'internal'),
      port: String(listener?.Properties?.Port ?? '?'),
      protocol: String(listener?.Properties?.Protocol ?? '?'),
      sslPolicy: String(listener?.Properties?.SslPolicy ?? 'no policy'),
      targetPort: String(targetGroup?.Properties?.Port ?? '?'),
      accessLogs:
        attribute('access_logs.s3.enabled') === 'true'
          ? directReference(attribute('access_logs.s3.bucket'))
          : undefined,
    };
  }
  return undefined;
}
