// The parts of s3rver (a Koa application, untyped upstream) that the local stand-in uses.
declare module 's3rver' {
  import type { EventEmitter } from 'node:events';

  export interface KoaContext {
    method: string;
    path: string;
    status: number;
    type: string;
    body: unknown;
    get(header: string): string;
  }
  export type KoaMiddleware = (ctx: KoaContext, next: () => Promise<unknown>) => Promise<unknown>;

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    configureBuckets?: Array<{ name: string }>;
  }

  export default class S3rver extends EventEmitter {
    constructor(options: S3rverOptions);
    middleware: KoaMiddleware[];
    store: {
      existsObject(bucket: string, key: string): Promise<boolean>;
      getMetadata(bucket: string, key: string): Promise<{ etag: string }>;
      getResourcePath(bucket: string, key: string, resource: string): string;
      putMetadata(
        bucket: string,
        key: string,
        metadata: Record<string, string>,
        md5?: string,
      ): Promise<void>;
      putObject(object: {
        bucket: string;
        key: string;
        content: Buffer | import('node:stream').Readable;
        metadata: Record<string, string>;
      }): Promise<{ size: number; md5: string }>;
    };
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
