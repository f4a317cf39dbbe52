import { describe, expect, it } from 'vitest';
import { ConfigurationError, TransientError } from '../../../functions/shared/errors';
import { CommandFailedError, runCommand } from '../../../functions/shared/runCommand';

describe('Function: runCommand', () => {
  it('resolves with stdout and stderr when the command exits 0', async () => {
    // Act
    const result = await runCommand('sh', ['-c', 'echo out; echo err >&2']);

    // Assess
    expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n' });
  });

  it('passes arguments verbatim, without a shell', async () => {
    // Act
    const result = await runCommand('printf', ['%s|', '$HOME', 'a b']);

    // Assess
    expect(result.stdout).toBe('$HOME|a b|');
  });

  it('throws ConfigurationError naming the Debian package when the binary is missing', async () => {
    // Act
    const run = runCommand('no-such-binary-callbrief', [], { debianPackages: 'sox' });

    // Assess
    await expect(run).rejects.toThrow(ConfigurationError);
    await expect(run).rejects.toThrow(/no-such-binary-callbrief .*apt-get install sox/);
  });

  it('throws CommandFailedError with exit code and stderr tail when the command fails', async () => {
    // Prepare
    const script = 'for i in $(seq 1 2000); do echo "line $i" >&2; done; echo boom >&2; exit 3';

    // Act
    const error = await runCommand('sh', ['-c', script]).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(CommandFailedError);
    expect(error).toBeInstanceOf(TransientError);
    const failed = error as CommandFailedError;
    expect(failed.exitCode).toBe(3);
    expect(failed.stderrTail).toMatch(/boom$/);
    expect(failed.stderrTail).not.toContain('line 1\n');
    expect(failed.stderrTail.length).toBeLessThanOrEqual(2_003);
    expect(failed.message).toMatch(/^sh exited with code 3: .*boom$/s);
  });

  it('kills the command and reports the signal when it exceeds the timeout', async () => {
    // Act
    const error = await runCommand('sleep', ['5'], { timeoutMs: 100 }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(CommandFailedError);
    expect((error as CommandFailedError).signal).toBe('SIGTERM');
  });
});
