/**
 * Drives the real Pulumi CLI (built from Go modules, see scripts/build-pulumi-cli.sh) on a copy of
 * a project of this repository (an example, or the benchmark's), with a file backend and passphrase-encrypted secrets, all in a
 * temporary folder under .work/e2e (inside the repository, so the copy resolves node_modules).
 * Commands run asynchronously so that an in-process emulator keeps serving while they run.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { StateResource } from "../provider/recovery/pending-creates";
import { DYNAMIC_TYPE_TOKEN } from "../provider/engine/tokens";
import { preparePulumiDir, pulumiEnv, removeEmptySidecars, requirePulumiCli, root } from "./pulumi-env";
import { killAll, ProcessInfo, processTree } from "./processes";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type { StateResource } from "../provider/recovery/pending-creates";

export interface RunOptions {
  env?: Record<string, string>;
  positional?: string[];
  /** The program and its leading arguments, instead of `pulumi`, e.g. `[node, recover-cli.js]`. */
  command?: string[];
}

/**
 * A command started by `start`: `result` settles when it exits, `kill()` ends it and its children at
 * once, `killGroupOnly()` only its own process group (see there).
 */
export interface RunningCommand {
  child: ChildProcess;
  result: Promise<RunResult>;
  kill: () => void;
  killGroupOnly: () => ProcessInfo[];
}

export interface StackOptions {
  stack?: string;
  env?: Record<string, string>;
  dir?: string;
  inPlace?: boolean;
  pulumiVersion?: string;
}

export class PulumiStack {
  /** Everything the CLI printed (but for `--show-secrets`), for the "no secret in any output" checks. */
  readonly transcript: string[] = [];
  readonly configFile: string;

  private constructor(
    readonly projectDir: string,
    readonly stack: string,
    readonly dir: string,
    private readonly env: Record<string, string>,
    /** The CLI's version, as pulumiBinDir takes it: unset for the one build-pulumi-cli.sh chose. */
    readonly pulumiVersion?: string,
  ) {
    this.configFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
  }

  /**
   * A new stack of a copy of `project` (a folder relative to the repository root, e.g.
   * `examples/quickstart`) with its own backend; fails loudly if the CLI is missing. With
   * `inPlace`, `project` is an absolute folder used as it is, its backend in `dir`. `pulumiVersion`
   * runs another cached CLI (e.g. "oldest").
   */
  static async create(project: string, options: StackOptions = {}): Promise<PulumiStack> {
    requirePulumiCli(options.pulumiVersion);
    const parent = path.join(root, ".work", "e2e");
    fs.mkdirSync(parent, { recursive: true });
    const name = path.basename(project);
    const dir = options.dir ?? fs.mkdtempSync(path.join(parent, `${name}-`));
    preparePulumiDir(dir);
    const projectDir = options.inPlace ? project : path.join(dir, name);
    if (!options.inPlace) fs.cpSync(path.join(root, project), projectDir, { recursive: true });
    const stack = new PulumiStack(projectDir, options.stack ?? "test", dir, options.env ?? {}, options.pulumiVersion);
    await stack.run(["stack", "init", stack.stack]);
    return stack;
  }

  /** Another project's stack on the same backend (for StackReference). */
  async sibling(project: string, stackName: string): Promise<PulumiStack> {
    return PulumiStack.create(project, { stack: stackName, dir: this.dir, env: this.env, pulumiVersion: this.pulumiVersion });
  }

  /** Sets every value, each a secret if `secret`, with one `pulumi config set-all` (see setAll). */
  async setConfig(values: Record<string, string>, secret = false): Promise<void> {
    await this.setAll(secret ? { secret: values } : { plaintext: values });
  }

  /**
   * Sets plain and secret values with one `pulumi config set-all` (`--path`: keys as paths, such as `list[0].name`): each
   * `config set` would cost a CLI start of a third of a CPU-second, and a stack's set-up needs several.
   */
  async setAll({ plaintext = {}, secret = {}, path = false }: { plaintext?: Record<string, string>; secret?: Record<string, string>; path?: boolean }): Promise<void> {
    const pairs = (flag: string, values: Record<string, string>) => Object.entries(values).flatMap(([key, value]) => [flag, `${key}=${value}`]);
    const all = [...pairs("--plaintext", plaintext), ...pairs("--secret", secret)];
    if (all.length > 0) await this.run(["config", "set-all", ...(path ? ["--path"] : []), ...all]);
  }

  /**
   * Runs `pulumi <args> [-- <positional>]` on this stack; rejects on a non-zero exit unless
   * `allowFailure`. Positional values go after `--`, so a value such as `-1` is not read as a flag.
   */
  async run(args: string[], options: RunOptions & { allowFailure?: boolean } = {}): Promise<RunResult> {
    const result = await this.start(args, options).result;
    if (result.code !== 0 && !options.allowFailure) {
      throw new Error(`${options.command?.join(" ") ?? "pulumi"} ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  }

  /**
   * Starts `pulumi <args>` (or `command` with the same stack flags) in its own process group and
   * returns at once; `kill()` SIGKILLs the whole group (CLI, language host, provider), as a crash does.
   */
  start(args: string[], options: RunOptions = {}): RunningCommand {
    const stackArgs = args[0] === "stack" && args[1] === "init" ? [] : ["--stack", this.stack];
    const positional = options.positional ? ["--", ...options.positional] : [];
    const full = [...args, ...stackArgs, "--non-interactive", "--cwd", this.projectDir, ...positional];
    const [file, ...leading] = options.command ?? ["pulumi"];
    // Its own process group, so that plugins it leaves behind end with it (see below).
    const child = spawn(file, [...leading, ...full], { env: pulumiEnv(this.dir, { ...this.env, ...options.env }, this.pulumiVersion), detached: true });
    const result = new Promise<RunResult>((resolve, reject) => {
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => {
        killGroup(child.pid);
        // Asking for secrets on purpose is the one place they may be printed.
        if (!args.includes("--show-secrets")) this.transcript.push(stdout, stderr);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
    return { child, result, kill: () => killTree(child.pid), killGroupOnly: () => killGroupOnly(child.pid) };
  }

  up = (options?: { allowFailure?: boolean }) => this.run(["up", "--yes", "--skip-preview"], options);
  preview = (options?: { allowFailure?: boolean }) => this.run(["preview"], options);
  refresh = () => this.run(["refresh", "--yes", "--skip-preview"]);
  destroy = () => this.run(["destroy", "--yes", "--skip-preview"]);

  async outputs(showSecrets = false): Promise<Record<string, unknown>> {
    return JSON.parse((await this.run(["stack", "output", "--json", ...(showSecrets ? ["--show-secrets"] : [])])).stdout);
  }

  /** The raw exported state (secrets stay ciphertext). */
  async exportState(): Promise<string> {
    return (await this.run(["stack", "export"])).stdout;
  }

  /**
   * The resources of `type` in the stack's state. On its own file backend, read from the file Pulumi writes (a CLI
   * start saved, and none while nothing was ever saved); on another backend, `pulumi stack export`.
   */
  async resources(type = DYNAMIC_TYPE_TOKEN): Promise<StateResource[]> {
    const onFile = this.env.PULUMI_BACKEND_URL === undefined;
    const saved = onFile ? this.savedDeployment() : JSON.parse(await this.exportState()).deployment;
    return ((saved?.resources ?? []) as StateResource[]).filter((r) => r.type === type);
  }

  /** The latest deployment in the file backend's stack file, as `stack export` shows it; undefined before any is saved. */
  private savedDeployment(): { resources?: unknown[] } | undefined {
    if (!fs.existsSync(this.stateFile())) return undefined;
    return JSON.parse(fs.readFileSync(this.stateFile(), "utf8")).checkpoint.latest ?? undefined;
  }

  async importState(state: string): Promise<void> {
    const file = path.join(this.dir, `${this.stack}-import.json`);
    fs.writeFileSync(file, state);
    await this.run(["stack", "import", "--file", file]);
  }

  /** The stack's state file on its file backend. */
  stateFile(): string {
    const project = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(this.projectDir, "Pulumi.yaml"), "utf8"))![1];
    return path.join(this.dir, "state", ".pulumi", "stacks", project, `${this.stack}.json`);
  }

  /** The step for "EOF" after a crash, on this stack's backend: the count of empty sidecars removed. */
  removeEmptySidecars(): number {
    return removeEmptySidecars(this.dir);
  }

  /** Everything the CLI printed so far, as one string. */
  printed(): string {
    return this.transcript.join("\n");
  }

  /** `pulumi stack rename <name>`: the same stack, its state and config, under its new name. */
  async rename(name: string): Promise<PulumiStack> {
    await this.run(["stack", "rename", name]);
    return new PulumiStack(this.projectDir, name, this.dir, this.env, this.pulumiVersion);
  }

  /** Removes the temporary backend, unless the run asked to keep it for debugging. */
  dispose(): void {
    if (!process.env.KEEP_PULUMI_DIRS) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A crash: the CLI, its group, and every process it started, found through /proc before any is
 * killed. Pulumi starts provider plugins in process groups of their own, so killing the CLI's group
 * alone leaves them waiting forever for an engine that is gone.
 */
function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  const tree = processTree(pid);
  killGroup(pid);
  killAll(tree);
}

/**
 * What a closed terminal or `kill -9 <pulumi>` does: SIGKILL to the CLI's own process group only.
 * Answers the processes the CLI had started outside it (the plugins, in groups of their own), which
 * are left to end by themselves.
 */
function killGroupOnly(pid: number | undefined): ProcessInfo[] {
  if (pid === undefined) return [];
  const outside = processTree(pid).filter((p) => p.group !== pid);
  killGroup(pid);
  return outside;
}

function killGroup(pid: number | undefined): void {
  try {
    if (pid !== undefined) process.kill(-pid, "SIGKILL");
  } catch {
    // The group is already gone.
  }
}
