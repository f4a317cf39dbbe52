/**
 * For scripts that act as soon as they start: prints the usage and exits 0 when --help or -h is
 * among the arguments, before anything is generated, written or run.
 */
export function exitWithUsageIfAsked(usage: string): void {
  const args = process.argv.slice(2);
  if (!args.includes('--help') && !args.includes('-h')) return;
  console.log(usage.trim());
  process.exit(0);
}
