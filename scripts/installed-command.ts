/** A command users run, as the installed package's `bin` names it: `node <its file>`, for spawning with the stack's flags. */
import * as path from "node:path";

export function installedCommand(bin: string): string[] {
  const pkgDir = path.dirname(require.resolve("pulumi-realtimekit/package.json"));
  const file = (require(path.join(pkgDir, "package.json")) as { bin: Record<string, string> }).bin[bin];
  if (!file) throw new Error(`the installed pulumi-realtimekit has no '${bin}' command: run 'npm run build'`);
  return [process.execPath, path.join(pkgDir, file)];
}
