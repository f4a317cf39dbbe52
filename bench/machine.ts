// What a benchmark ran on: figures mean little without the machine beside them.
import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, release, totalmem, type } from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
}

async function osName(): Promise<string> {
  try {
    const text = await readFile('/etc/os-release', 'utf-8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1];
    if (pretty) return `${pretty} (${type()} ${release()})`;
  } catch {
    // Not Linux, or a minimal image: the kernel name will do.
  }
  return `${type()} ${release()}`;
}

export async function describeMachine(): Promise<MachineInfo> {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    os: await osName(),
    node: process.version,
  };
}
