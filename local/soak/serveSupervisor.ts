import { type ChildProcess, spawn } from 'node:child_process';

export interface Kill {
  /** Seconds since the supervisor started. */
  atSeconds: number;
  pid: number;
  /** The process that took its place. */
  restartedPid: number;
}

/**
 * Runs `npm run serve` processes as children (node --import tsx onprem/serve.ts …), kills one
 * with SIGKILL on request and starts a new one in its place at once, as a service manager with
 * Restart=always would. A process that dies on its own is restarted too and counted.
 */
export class ServeSupervisor {
  readonly kills: Kill[] = [];
  unexpectedExits = 0;
  private readonly children: ChildProcess[] = [];
  private readonly started = Date.now();
  private stopping = false;
  private next = 0;
  private readonly lastOutput: string[] = [];
  /** Messages each slot's processes (the first and every replacement) handled successfully. */
  readonly handledPerSlot: number[] = [];

  constructor(
    private readonly args: string[],
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Starts `count` processes and resolves once each has said it consumes. */
  async start(count: number): Promise<void> {
    await Promise.all(Array.from({ length: count }, (_, i) => this.spawnAt(i)));
  }

  get pids(): number[] {
    return this.children.map((child) => child.pid ?? -1);
  }

  /** The last lines the processes wrote on stderr (for a failure report). */
  get recentErrors(): string[] {
    return [...this.lastOutput];
  }

  private spawnAt(index: number): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'onprem/serve.ts', ...this.args], {
      env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children[index] = child;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.lastOutput.push(...chunk.toString('utf-8').trim().split('\n').slice(-5));
      this.lastOutput.splice(0, Math.max(0, this.lastOutput.length - 20));
    });
    child.once('exit', (code, signal) => {
      if (this.stopping || signal === 'SIGKILL' || this.children[index] !== child) return;
      this.unexpectedExits += 1;
      this.log(`serve pid ${child.pid} exited on its own (${signal ?? code}); restarting it`);
      void this.spawnAt(index);
    });
    return new Promise((resolve, reject) => {
      let seen = '';
      const onData = (chunk: Buffer) => {
        seen += chunk.toString('utf-8');
        if (seen.includes('callbrief serve:')) {
          child.stdout?.off('data', onData);
          // serve prints "[stage] done (… ms)" per handled message unless --quiet.
          child.stdout?.on('data', (more: Buffer) => {
            const done = more.toString('utf-8').match(/\] done /g)?.length ?? 0;
            this.handledPerSlot[index] = (this.handledPerSlot[index] ?? 0) + done;
          });
          resolve(child);
        }
      };
      child.stdout?.on('data', onData);
      child.once('exit', (code) =>
        reject(new Error(`serve exited with ${code} before it started`)),
      );
    });
  }

  /** SIGKILLs the next process in turn and starts its replacement (without waiting for it). */
  killOne(): Kill {
    const index = this.next++ % this.children.length;
    const victim = this.children[index] as ChildProcess;
    victim.kill('SIGKILL');
    const replacement = this.spawnAt(index);
    replacement.catch(() => {});
    const kill: Kill = {
      atSeconds: (Date.now() - this.started) / 1000,
      pid: victim.pid ?? -1,
      restartedPid: this.children[index]?.pid ?? -1,
    };
    this.kills.push(kill);
    return kill;
  }

  /** SIGTERM to every process; resolves when all have exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}
