/**
 * The runtime settings: how the emulated API behaves, given at start (options, CLI flags) and changed while it runs
 * (`PATCH /__emulator/settings`). One parser checks them wherever they come from, naming the setting and what is
 * allowed. The emulator's clock is a setting too: the machine's clock moved by `clockOffsetMs`.
 */
import { BadRequest } from "./input";

/** How list items carry `name`: as stored, always null (as the spec's example of the list shows), or not at all. */
export const LIST_NAMES = ["echo", "null", "absent"] as const;
export type ListNames = (typeof LIST_NAMES)[number];

export interface Settings {
  /** How `GET /livestreams` items carry `name`; a GET by id always has it. Default "echo". */
  listNames: ListNames;
  /** How far the emulator's clock runs ahead of the machine's (negative: behind), in milliseconds. Default 0. */
  clockOffsetMs: number;
  /** Delay before every API request (not the control plane), in milliseconds. Default 0. */
  latencyMs: number;
  /** The largest `per_page` honoured, as a real server may cap it; null (the default) for no cap. */
  maxPerPage: number | null;
  /** Whether every answer carries a `Date` header, as Cloudflare's do; false imitates a proxy that strips it. Default true. */
  dateHeader: boolean;
  /** How many fewer than it holds a listing's `paging.total_count` reports (never below 0), as a server whose total under-reports. Default 0. */
  totalCountShortBy: number;
}

export const DEFAULT_SETTINGS: Settings = { listNames: "echo", clockOffsetMs: 0, latencyMs: 0, maxPerPage: null, dateHeader: true, totalCountShortBy: 0 };

/** A hundred years: far enough for any test, near enough that every date the clock gives stays valid. */
const MAX_CLOCK_OFFSET_MS = 3_155_760_000_000;
const MAX_LATENCY_MS = 600_000;

const RULES: { [K in keyof Settings]: [allowed: string, fits: (value: unknown) => boolean] } = {
  listNames: [`one of ${LIST_NAMES.map((v) => `"${v}"`).join(", ")}`, (v) => (LIST_NAMES as readonly unknown[]).includes(v)],
  clockOffsetMs: [
    `a whole number of milliseconds from -${MAX_CLOCK_OFFSET_MS} to ${MAX_CLOCK_OFFSET_MS}`,
    (v) => Number.isInteger(v) && Math.abs(v as number) <= MAX_CLOCK_OFFSET_MS,
  ],
  latencyMs: [`a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}`, (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_LATENCY_MS],
  maxPerPage: ["a positive whole number, or null for no cap", (v) => v === null || (Number.isInteger(v) && (v as number) > 0)],
  dateHeader: ["true or false", (v) => typeof v === "boolean"],
  totalCountShortBy: ["a whole number, 0 or more", (v) => Number.isInteger(v) && (v as number) >= 0],
};

/** Reads some settings (a PATCH body, or options); undefined fields are left out. Throws BadRequest on the first bad one. */
export function parseSettings(input: unknown): Partial<Settings> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new BadRequest("The settings must be a JSON object.");
  const parsed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const rule = Object.hasOwn(RULES, key) ? RULES[key as keyof Settings] : undefined;
    if (!rule) throw new BadRequest(`Setting "${key}" does not exist; the settings are ${Object.keys(RULES).join(", ")}.`);
    if (!rule[1](value)) throw new BadRequest(`Setting "${key}" must be ${rule[0]}, got ${JSON.stringify(value)}.`);
    parsed[key] = value;
  }
  return parsed as Partial<Settings>;
}

/** The settings of one running emulator; `reset` returns to those it started with. */
export class RuntimeSettings {
  private current: Settings;

  constructor(private readonly initial: Settings) {
    this.current = { ...initial };
  }

  get(): Settings {
    return { ...this.current };
  }

  update(patch: Partial<Settings>): Settings {
    this.current = { ...this.current, ...patch };
    return this.get();
  }

  reset(): void {
    this.current = { ...this.initial };
  }

  /** The emulator's clock: what it stamps on records and in the `Date` header, and what list filters compare with. */
  now(): Date {
    return new Date(Date.now() + this.current.clockOffsetMs);
  }
}
