import * as alawmulaw from 'alawmulaw';

/**
 * G.711 mu-law from the alawmulaw package. Its Node entry is a UMD bundle whose named exports
 * Node's ESM loader cannot see, while bundlers (vitest, esbuild) resolve its ES module: take
 * `mulaw` from whichever shape arrived.
 */
type Codec = typeof alawmulaw.mulaw;
const loaded = alawmulaw as unknown as { mulaw?: Codec; default?: { mulaw: Codec } };
export const mulaw: Codec = (loaded.mulaw ?? loaded.default?.mulaw) as Codec;
