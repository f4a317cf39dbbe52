import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver, { type KoaMiddleware } from 's3rver';

/** An S3-compatible server in this process (s3rver) for the buckets the stack would create. */
export interface S3StandIn {
  endpoint: string;
  /** Fires for every object created, shaped like an S3 event record (key NOT URL-encoded). */
  onObjectCreated(
    listener: (bucket: string, key: string, size: number, eTag: string) => void,
  ): void;
  stop(): Promise<void>;
}

const PRECONDITION_FAILED =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code>' +
  '<Message>At least one of the pre-conditions you specified did not hold</Message></Error>';

/**
 * s3rver lacks S3's conditional writes (PUT with If-None-Match: * or If-Match: <etag>), which
 * the hand-off markers and the case roll-up rely on. This middleware adds them, serialised per
 * key so that the check and the write are atomic, as they are in S3.
 */
function conditionalWrites(server: S3rver): KoaMiddleware {
  const locks = new Map<string, Promise<void>>();
  return async (ctx, next) => {
    const ifNoneMatch = ctx.get('if-none-match');
    const ifMatch = ctx.get('if-match');
    const [bucket = '', ...rest] = ctx.path.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const lockId = `${bucket}/${key}`;
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      // s3rver rewrites files in place: a read during a conditional write could see half a
      // file, where S3 shows the old or the new object. Reads wait for that write.
      await locks.get(lockId)?.catch(() => {});
      return next();
    }
    if (ctx.method !== 'PUT' || (ifNoneMatch !== '*' && !ifMatch)) return next();
    const previous = locks.get(lockId) ?? Promise.resolve();
    let release = () => {};
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chained = previous.then(() => current);
    locks.set(lockId, chained);
    await previous;
    try {
      const exists = await server.store.existsObject(bucket, key);
      const currentEtag =
        exists && ifMatch ? (await server.store.getMetadata(bucket, key)).etag : undefined;
      const failed =
        ifNoneMatch === '*' ? exists : !exists || unquote(currentEtag) !== unquote(ifMatch);
      if (failed) {
        ctx.status = 412;
        ctx.type = 'application/xml';
        ctx.body = PRECONDITION_FAILED;
        return;
      }
      await next();
    } finally {
      release();
      if (locks.get(lockId) === chained) locks.delete(lockId);
    }
  };
}

/**
 * `stateDir` keeps the objects between runs (so a later `npm run erase` finds them); without it
 * the stand-in works in a temporary folder removed on stop.
 */
export async function startS3StandIn(buckets: string[], stateDir?: string): Promise<S3StandIn> {
  const directory = stateDir ?? (await mkdtemp(join(tmpdir(), 'callbrief-s3-')));
  if (stateDir) await mkdir(stateDir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  server.middleware.unshift(conditionalWrites(server));
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    onObjectCreated(listener) {
      server.on('event', (event: S3rverEvent) => {
        for (const record of event.Records) {
          if (!record.eventName.startsWith('ObjectCreated')) continue;
          const { bucket, object } = record.s3;
          listener(bucket.name, object.key, object.size, object.eTag);
        }
      });
    },
    async stop() {
      await server.close();
      if (!stateDir) await rm(directory, { recursive: true, force: true });
    },
  };
}

const unquote = (etag: unknown) => String(etag ?? '').replace(/"/g, '');

interface S3rverEvent {
  Records: Array<{
    eventName: string;
    s3: { bucket: { name: string }; object: { key: string; size: number; eTag: string } };
  }>;
}
