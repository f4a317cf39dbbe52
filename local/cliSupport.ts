import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../functions/shared/errors';
import { type PipelineConfig, parsePipelineConfig } from '../functions/shared/pipelineConfig';

/** node:util parseArgs rejects an unknown flag or a flag without its value with these codes. */
const isArgumentError = (error: unknown): error is Error =>
  error instanceof Error && String(Reflect.get(error, 'code') ?? '').startsWith('ERR_PARSE_ARGS_');

/** A mistake of the person running the command: answered in one line, no stack trace. */
export function userMistake(error: unknown): string | undefined {
  if (error instanceof ConfigurationError) return error.message;
  if (isArgumentError(error)) return `${error.message.split('. ')[0]} (see --help)`;
  return undefined;
}

/** Reads and checks a pipeline configuration file; every problem is a ConfigurationError. */
export async function readPipelineConfig(path: string): Promise<PipelineConfig> {
  if (!existsSync(path)) throw new ConfigurationError(`config file ${path} not found`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf-8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`config file ${path} is not valid JSON: ${detail}`);
  }
  return parsePipelineConfig(json, path);
}

/**
 * Runs a command's main function: its result is the exit code. A user mistake is printed in one
 * line (exit 2); anything else also in one line, with the stack only when CALLBRIEF_DEBUG is set.
 */
export function runCommand(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const mistake = userMistake(error);
      if (mistake !== undefined) console.error(`callbrief ${name}: ${mistake}`);
      else if (process.env.CALLBRIEF_DEBUG) console.error(`callbrief ${name}:`, error);
      else {
        const message = error instanceof Error ? error.message : String(error);
        console.error(`callbrief ${name}: unexpected failure: ${message.split('\n')[0]}`);
      }
      process.exitCode = 2;
    },
  );
}
