import { asArray, directReference, isObject, pick } from '../cfnJson';
import type { StackInput } from './cloudAssembly';
import { renderValue, sortBy, sortedUnique } from './text';

/** How data moves between the stack's own resources without a function in between. */
export interface EventRoute {
  readonly stack: string;
  /** Logical id of the sending resource (the bucket), or the event source when not ours. */
  readonly source: string;
  /** How it travels: `EventBridge rule <id>` or `S3 notification`. */
  readonly via: string;
  /** The filter, e.g. `Object Created, key prefix recordings/`. */
  readonly filter: string;
  /** Logical ids of the targets. */
  readonly targets: readonly string[];
  /** Where undeliverable events go (logical id), if anywhere. */
  readonly deadLetter: string | null;
}

const idOrText = (value: unknown) => directReference(value) ?? renderValue(value);

/** EventBridge rules and native S3 notifications, from the templates. */
export function eventRoutes(stacks: readonly StackInput[]): EventRoute[] {
  const routes: EventRoute[] = [];
  for (const stack of stacks) {
    for (const [id, resource] of Object.entries(stack.resources)) {
      if (resource.Type === 'AWS::Events::Rule') routes.push(ruleRoute(stack.name, id, resource));
      if (resource.Type === 'AWS::S3::Bucket')
        routes.push(...bucketRoutes(stack.name, id, resource));
    }
  }
  return sortBy(routes, (route) => `${route.stack}/${route.source}/${route.via}`);
}

function ruleRoute(
  stack: string,
  id: string,
  resource: { Properties?: Record<string, unknown> },
): EventRoute {
  const pattern = pick(resource.Properties, 'EventPattern');
  const buckets = asArray(pick(pattern, 'detail', 'bucket', 'name')).map(idOrText);
  const prefixes = asArray(pick(pattern, 'detail', 'object', 'key'))
    .map((entry) => pick(entry, 'prefix'))
    .filter((prefix): prefix is string => typeof prefix === 'string');
  const detailTypes = asArray(pick(pattern, 'detail-type')).map(String);
  const targets = asArray(pick(resource.Properties, 'Targets'));
  const deadLetters = targets
    .map((target) => pick(target, 'DeadLetterConfig', 'Arn'))
    .filter((arn) => arn !== undefined)
    .map(idOrText);
  return {
    stack,
    source:
      buckets.length > 0
        ? buckets.join(', ')
        : asArray(pick(pattern, 'source')).map(String).join(', '),
    via: `EventBridge rule ${id}`,
    filter: [detailTypes.join(', '), ...prefixes.map((prefix) => `key prefix ${prefix}`)]
      .filter(Boolean)
      .join(', '),
    targets: sortedUnique(targets.map((target) => idOrText(pick(target, 'Arn')))),
    deadLetter: deadLetters.length > 0 ? sortedUnique(deadLetters).join(', ') : null,
  };
}

/** A bucket's own notification configuration: EventBridge, or queues, topics and functions. */
function bucketRoutes(
  stack: string,
  id: string,
  resource: { Properties?: Record<string, unknown> },
): EventRoute[] {
  const config = pick(resource.Properties, 'NotificationConfiguration');
  if (!isObject(config)) return [];
  const routes: EventRoute[] = [];
  if (pick(config, 'EventBridgeConfiguration', 'EventBridgeEnabled') === true) {
    routes.push({
      stack,
      source: id,
      via: 'S3 to EventBridge (default bus)',
      filter: 'every event of the bucket; rules choose',
      targets: ['EventBridge'],
      deadLetter: null,
    });
  }
  for (const [kind, arnKey] of [
    ['QueueConfigurations', 'Queue'],
    ['TopicConfigurations', 'Topic'],
    ['LambdaConfigurations', 'Function'],
  ] as const) {
    for (const entry of asArray(pick(config, kind))) {
      routes.push({
        stack,
        source: id,
        via: 'S3 notification',
        filter: [pick(entry, 'Event'), ...asArray(pick(entry, 'Filter', 'S3Key', 'Rules'))]
          .map(renderValue)
          .join(', '),
        targets: [idOrText(pick(entry, arnKey))],
        deadLetter: null,
      });
    }
  }
  return routes;
}

/** Custom resources: code CloudFormation runs at deploy time, outside the pipeline's functions. */
export function customResources(stacks: readonly StackInput[]): string[] {
  return sortedUnique(
    stacks.flatMap((stack) =>
      Object.entries(stack.resources)
        .filter(
          ([, resource]) =>
            resource.Type.startsWith('Custom::') ||
            resource.Type === 'AWS::CloudFormation::CustomResource',
        )
        .map(([id, resource]) => `${stack.name}/${id} (${resource.Type})`),
    ),
  );
}
