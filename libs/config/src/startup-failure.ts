/**
 * Errors whose message alone tells an operator what to do (unreachable dependency, bad configuration) carry
 * `readable = true`; they are printed as they are, anything else with its stack.
 */
export function exitOnStartupFailure(app: string) {
  return (err: unknown): never => {
    const readable = typeof err === 'object' && err !== null && (err as { readable?: boolean }).readable === true;
    const text = err instanceof Error ? (readable ? err.message : (err.stack ?? err.message)) : String(err);
    process.stderr.write(`duban ${app} 无法启动：${text}\n`);
    process.exit(1);
  };
}
