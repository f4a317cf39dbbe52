import { spawn } from 'node:child_process';
import { ConfigurationError, TransientError } from './errors';

export interface RunCommandOptions {
  /** Debian package(s) providing the binary, named in the error when it is missing. */
  debianPackages?: string;
  /** Kill the process (SIGTERM) after this many milliseconds. @default - no limit */
  timeoutMs?: number;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
}

const STDERR_TAIL_CHARS = 2_000;

/**
 * The binary ran and failed. Transient by default, since an unknown failure may be load or
 * disk; callers that know better (e.g. a probe of the input) map it to a permanent error.
 */
export class CommandFailedError extends TransientError {
  readonly command: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;
  constructor(
    command: string,
    exitCode: number | null,
    signal: NodeJS.Signals | null,
    stderrTail: string,
  ) {
    const how = signal ? `was killed by ${signal}` : `exited with code ${exitCode}`;
    super(`${command} ${how}${stderrTail ? `: ${stderrTail}` : ''}`);
    this.name = 'CommandFailedError';
    this.command = command;
    this.exitCode = exitCode;
    this.signal = signal;
    this.stderrTail = stderrTail;
  }
}

export function tail(text: string, chars = STDERR_TAIL_CHARS): string {
  const trimmed = text.trim();
  return trimmed.length > chars ? `...${trimmed.slice(-chars)}` : trimmed;
}

/**
 * Runs a binary without a shell (arguments are never interpreted) and resolves with its output.
 * Large inputs go by file path: stdin piping from Node is unreliable for these engines.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EACCES') {
        const install = options.debianPackages
          ? `; install it with \`apt-get install ${options.debianPackages}\``
          : '';
        reject(
          new ConfigurationError(`${command} is not installed or not executable${install}`, {
            cause: error,
          }),
        );
      } else {
        reject(
          new TransientError(`${command} could not be started: ${error.message}`, { cause: error }),
        );
      }
    });
    child.on('close', (code, signal) => {
      const err = Buffer.concat(stderr).toString('utf8');
      if (code === 0) {
        resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: err });
      } else {
        reject(new CommandFailedError(command, code, signal, tail(err)));
      }
    });
  });
}
