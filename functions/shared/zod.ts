import { en } from 'zod/locales';
import { config } from 'zod/mini';

/**
 * zod for Lambda code: every schema under functions/ imports `z` from here, never from 'zod'.
 * Classic zod schemas carry every method, so a bundle keeps all of zod (~100 KiB minified);
 * zod/mini's functional API (`z.optional(s)`, `s.check(z.minLength(1))`) keeps only what is used.
 *
 * Unlike classic zod, zod/mini loads no locale and reports every problem as "Invalid input":
 * this module installs zod's English messages once. It is the one module in functions/ with an
 * import-time effect a bundle relies on, listed under `sideEffects` in functions/package.json so
 * esbuild keeps it (the re-exports alone would let it drop the module).
 */
config(en());

export * from 'zod/mini';
