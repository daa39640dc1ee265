/** The processes a command started, as Linux's /proc shows them: for crashes made on purpose and what they leave behind. */
import * as fs from "node:fs";

export interface ProcessInfo {
  pid: number;
  parent: number;
  group: number;
  /** When it started, in clock ticks since boot: with the pid, tells it from a later process given the same pid. */
  startedAt: string;
  /** Its command line, arguments joined by spaces. */
  command: string;
}

/** `pid` and every process it started, directly or not, that runs now; `pid` first. */
export function processTree(pid: number): ProcessInfo[] {
  const all = running();
  const children = new Map<number, ProcessInfo[]>();
  for (const p of all.values()) children.set(p.parent, [...(children.get(p.parent) ?? []), p]);
  const tree: ProcessInfo[] = [];
  for (const queue = all.has(pid) ? [all.get(pid)!] : []; queue.length > 0; ) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}

/** Whether the very process `p` (not a later one given its pid) still runs. */
export function stillRuns(p: ProcessInfo): boolean {
  return read(p.pid)?.startedAt === p.startedAt;
}

/** SIGKILLs each of `processes` that still runs. */
export function killAll(processes: ProcessInfo[]): void {
  for (const p of processes.filter(stillRuns)) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // It ended meanwhile.
    }
  }
}

function running(): Map<number, ProcessInfo> {
  const all = new Map<number, ProcessInfo>();
  for (const entry of fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    const p = read(Number(entry));
    if (p) all.set(p.pid, p);
  }
  return all;
}

function read(pid: number): ProcessInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The fields after the command name, which may itself hold spaces and parentheses: state, ppid, pgrp, … starttime (the 22nd).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, parent: Number(fields[1]), group: Number(fields[2]), startedAt: fields[19], command };
  } catch {
    return undefined; // it ended while we looked
  }
}
