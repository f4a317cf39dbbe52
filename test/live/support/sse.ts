import { request } from 'node:http';
import type { ViewLine } from '../../../live/views/viewLines';

/** A minimal server-sent events reader (the browser's EventSource, for tests and benchmarks). */
export function readSse(url: string, onLine?: (line: ViewLine, at: number) => void) {
  const lines: ViewLine[] = [];
  let connect!: () => void;
  let finish!: (lines: ViewLine[]) => void;
  let fail!: (error: Error) => void;
  const connected = new Promise<void>((resolve) => {
    connect = resolve;
  });
  const ended = new Promise<ViewLine[]>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const req = request(url, { headers: { Accept: 'text/event-stream' } }, (response) => {
    if (response.statusCode !== 200) return fail(new Error(`SSE ${response.statusCode}`));
    connect();
    let buffer = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffer += chunk;
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'line' && data) {
          const line = JSON.parse(data) as ViewLine;
          lines.push(line);
          onLine?.(line, performance.now());
        }
        if (event === 'end') finish(lines);
        cut = buffer.indexOf('\n\n');
      }
    });
    response.on('end', () => finish(lines));
  });
  req.on('error', (error) => fail(error));
  req.end();
  return { connected, ended, lines, close: () => req.destroy() };
}
