import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * A multipart/form-data request body whose file part streams from disk. fetch buffers an
 * upload it cannot send as fast as it reads it (about 100 MiB extra for a 25 MB piece of a
 * call), so audio goes out through node:http with backpressure instead (see postStream.ts).
 * `open()` starts a fresh stream for each attempt; `length` is known up front.
 */
export interface MultipartUpload {
  contentType: string;
  length: number;
  open(): Readable;
}

export interface MultipartFile {
  field: string;
  path: string;
  fileName: string;
  contentType: string;
}

/** Quotes, CR and LF in names are percent-encoded, as the HTML form encoding does. */
const escapeName = (name: string) =>
  name.replaceAll('"', '%22').replaceAll('\r', '%0D').replaceAll('\n', '%0A');

export async function multipartUpload(
  fields: ReadonlyArray<readonly [string, string]>,
  file: MultipartFile,
): Promise<MultipartUpload> {
  const boundary = `----callbrief-${randomUUID()}`;
  const textParts = fields.map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"\r\n\r\n${value}\r\n`,
  );
  const head = Buffer.from(
    `${textParts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(file.field)}"; filename="${escapeName(file.fileName)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const { size } = await stat(file.path);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: head.length + size + tail.length,
    open: () =>
      Readable.from(
        (async function* () {
          yield head;
          yield* createReadStream(file.path);
          yield tail;
        })(),
      ),
  };
}
