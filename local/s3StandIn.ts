import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import S3rver, { type KoaMiddleware } from 's3rver';
import { unsafeKeyReason } from './storableKey';

/** An S3-compatible server in this process (s3rver) for the buckets the stack would create. */
export interface S3StandIn {
  endpoint: string;
  /** Fires for every object created, shaped like an S3 event record (key NOT URL-encoded). */
  onObjectCreated(
    listener: (bucket: string, key: string, size: number, eTag: string) => void,
  ): void;
  stop(): Promise<void>;
}

const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

const PRECONDITION_FAILED = s3Error(
  'PreconditionFailed',
  'At least one of the pre-conditions you specified did not hold',
);

/** One chain of promises per key: every request on an object runs after the previous one. */
class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(id) ?? Promise.resolve();
    let release = () => {};
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.tails.set(id, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(id) === tail) this.tails.delete(id);
    }
  }
}

/**
 * S3 semantics s3rver lacks, added in front of it:
 * - every request on one object is serialised, so a read never sees half a write and the check
 *   and the write of a conditional PUT (If-None-Match: * / If-Match: <etag>) are atomic;
 * - keys the folder store cannot hold safely (`..`, over-long segments) are refused with an S3
 *   error instead of being written outside the folder or crashing the server.
 */
function objectSemantics(server: S3rver): KoaMiddleware {
  const locks = new KeyLocks();
  return async (ctx, next) => {
    const [bucket = '', ...rest] = ctx.path.slice(1).split('/');
    if (rest.length === 0) return next();
    let key: string;
    try {
      key = decodeURIComponent(rest.join('/'));
    } catch {
      key = rest.join('/');
    }
    if (key === '') return next();
    const unsafe = unsafeKeyReason(key);
    if (unsafe) {
      ctx.status = 400;
      ctx.type = 'application/xml';
      ctx.body = s3Error(unsafe.code, unsafe.message);
      return;
    }
    return locks.run(`${bucket}/${key}`, async () => {
      const ifNoneMatch = ctx.get('if-none-match');
      const ifMatch = ctx.get('if-match');
      if (ctx.method === 'PUT' && (ifNoneMatch === '*' || ifMatch)) {
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
      }
      await next();
    });
  };
}

interface StoredObject {
  bucket: string;
  key: string;
  content: Buffer | Readable;
  metadata: Record<string, string>;
}

/**
 * s3rver truncates the object file and rewrites it in place, and answers before the data is
 * flushed: a reader (or the object-created event) could see a partial object. This writes to a
 * temporary file beside it, waits until it is closed, then renames it over the old one.
 */
function atomicPutObject(server: S3rver) {
  const store = server.store;
  return async (object: StoredObject): Promise<{ size: number; md5: string }> => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const temporary = join(dirname(objectPath), `.tmp-${randomUUID()}`);
    const md5 = createHash('md5');
    let size = 0;
    try {
      const source = Buffer.isBuffer(object.content)
        ? Readable.from([object.content])
        : object.content;
      await pipeline(
        source,
        async function* count(chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            md5.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(temporary),
      );
      const digest = md5.digest('hex');
      await rename(temporary, objectPath);
      await store.putMetadata(object.bucket, object.key, object.metadata, digest);
      return { size, md5: digest };
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  };
}

/**
 * `stateDir` keeps the objects between runs (so a later `npm run erase` finds them); without it
 * the stand-in works in a temporary folder removed on stop. The folder holds recordings: it is
 * made private to the user (0700).
 */
export async function startS3StandIn(buckets: string[], stateDir?: string): Promise<S3StandIn> {
  const directory = stateDir ?? (await mkdtemp(join(tmpdir(), 'callbrief-s3-')));
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  server.store.putObject = atomicPutObject(server);
  server.middleware.unshift(objectSemantics(server));
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
