import type { MiddlewareObj } from '@middy/core';

/**
 * What a handler needs from Powertools Tracer: a middy middleware and SDK client capture.
 * Capture SQS clients only: X-Ray's SDK records the object key of every S3 call in the trace,
 * and telephony file names may hold names of people. S3 time shows in the handler's segment.
 */
export interface HandlerTracing {
  middleware(): MiddlewareObj;
  captureClient<T>(client: T): T;
}

/**
 * Powertools Tracer when the stack switched tracing on, else nothing. The stack defines
 * `process.env.CALLBRIEF_BUNDLED_TRACING` at build time (infra/constructs/lambdaBundling.ts): with
 * "false" esbuild folds the condition and drops the dynamic imports, so the tracer and the X-Ray
 * SDK stay out of the bundle. Unbundled (tests, `npm start`) it is unset: no tracing.
 */
export async function loadTracing(serviceName: string): Promise<HandlerTracing | undefined> {
  // One `if` block, not an early return: esbuild drops imports only inside a dead branch.
  if (process.env.CALLBRIEF_BUNDLED_TRACING === 'true') {
    const [{ Tracer }, { captureLambdaHandler }] = await Promise.all([
      import('@aws-lambda-powertools/tracer'),
      import('@aws-lambda-powertools/tracer/middleware'),
    ]);
    const tracer = new Tracer({ serviceName });
    return {
      middleware: () => captureLambdaHandler(tracer, { captureResponse: false }) as MiddlewareObj,
      // biome-ignore lint/suspicious/noExplicitAny: the tracer accepts any SDK v3 client.
      captureClient: (client) => tracer.captureAWSv3Client(client as any) as typeof client,
    };
  }
  return undefined;
}
