/** Where the local runner keeps its S3 stand-in's objects between runs (gitignored). */
export const DEFAULT_STATE_DIR = '.callbrief/state';
