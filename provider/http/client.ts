/**
 * The RealtimeKit livestream API over HTTP: bearer auth, a timeout on every call, kept-alive
 * connections, 429s waited out, retries for reads, Cloudflare's clock learnt from every answer,
 * and every failure turned into one of our error classes.
 */
import type { AxiosInstance } from "axios";
import * as http from "node:http";
import * as https from "node:https";
import { mapBounded } from "./bounded";
import { exitUnlessEngineAnswers } from "../engine/engine-gone";
import { InvalidResponseError, isGone, NotFoundError, RateLimitError, RealtimeKitError } from "./errors";
import { errorForStatus, errorForTransport } from "./http-errors";
import { livestreamOfGet, LivestreamPage, sessionsOfGet, toFacts, toPage, toSession, totalCountOf, unwrap } from "./mapping";
import { DEFAULT_RETRY_POLICY, rateLimitDelayMs, retryDelayMs, RetryPolicy } from "./retry";
import { ServerClock } from "./server-clock";
import { LivestreamFacts, LivestreamSession, LivestreamSummary } from "../types";
import { USER_AGENT } from "./version";

export interface ClientOptions {
  /** e.g. `https://api.cloudflare.com/client/v4`, already validated. */
  baseUrl: string;
  apiToken: string;
  timeoutMs: number;
  retry?: RetryPolicy;
  /** Told of each retry, for the provider's log. Receives no secrets. */
  onRetry?: (message: string) => void;
}

/** Where livestreams live: one RealtimeKit app in one account. */
export interface AppScope {
  accountId: string;
  appId: string;
}

/** Query parameters of the list endpoint. */
export interface ListQuery {
  status?: string;
  start_time?: string;
  end_time?: string;
  sort_order?: "ASC" | "DSC";
  exclude_meetings?: boolean;
  page_no?: number;
  per_page?: number;
}

/** Items asked for per page; servers may send fewer, which `collectPages` allows for. */
export const PAGE_SIZE = 100;
/** Reads by id in flight at once, at most (see bounded.ts). */
export const READS_AT_ONCE = 8;
/** 100 pages of 100 is far beyond any app: a longer listing means the server ignores paging. */
const MAX_PAGES = 100;

/** Bodies larger than this are refused: no livestream answer comes near it. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/**
 * axios, loaded at the first request rather than with the package: check, diff and delete send
 * none, so a program's process, a preview, a no-op `up` and a `destroy` never spend the ~20 ms
 * loading it takes (measured in `npm run bench` against its floor).
 */
let axiosModule: typeof import("axios") | undefined;
const axios = (): typeof import("axios") => (axiosModule ??= require("axios") as typeof import("axios"));

export class RealtimeKitClient {
  private instance?: AxiosInstance;
  private readonly retry: RetryPolicy;
  /** Cloudflare's clock as its answers' `Date` headers tell it, for recognising a lost create. */
  readonly clock = new ServerClock();

  /** The API this client talks to, as configured. */
  get baseUrl(): string {
    return this.options.baseUrl;
  }

  constructor(private readonly options: ClientOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  private get http(): AxiosInstance {
    this.instance ??= axios().default.create({
      baseURL: this.options.baseUrl,
      timeout: this.options.timeoutMs,
      headers: { Authorization: `Bearer ${this.options.apiToken}`, "User-Agent": USER_AGENT, Accept: "application/json" },
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
      // We read statuses and parse bodies ourselves, so HTML or truncated answers get a clear error.
      validateStatus: () => true,
      responseType: "text",
      transformResponse: (data: unknown) => data,
      maxContentLength: MAX_BODY_BYTES,
      maxRedirects: 0,
      proxy: false,
    });
    return this.instance;
  }

  /**
   * POST once; never retried, because the API cannot delete a duplicate (a 429 is waited out and sent again: Cloudflare
   * did nothing). `beforeEachPost` runs before every request that goes out, that one included.
   */
  async createLivestream(scope: AppScope, name: string, beforeEachPost?: () => void): Promise<LivestreamFacts> {
    const path = `${prefix(scope)}/livestreams`;
    try {
      const body = await this.send("POST", path, { body: { name }, retry: false, beforeEachPost });
      return toFacts(unwrap(body, `POST ${path}`), `POST ${path}`);
    } catch (error) {
      if (error instanceof NotFoundError && error.code === 7000) {
        throw new NotFoundError(
          "Cloudflare has no route for creating independent livestreams. Cloudflare's TypeScript SDK removed " +
            "createIndependentLivestream in 7.2.0, so the API may have dropped it; adopt an existing livestream " +
            "with 'adoptLivestreamId' instead",
          { operation: error.operation, status: error.status, code: error.code },
        );
      }
      throw error;
    }
  }

  /** The livestream, or undefined when Cloudflare says it does not exist. */
  async getLivestream(scope: AppScope, id: string, previous?: Partial<LivestreamFacts>): Promise<LivestreamFacts | undefined> {
    const path = `${prefix(scope)}/livestreams/${encodeURIComponent(id)}`;
    try {
      const body = await this.send("GET", path, { retry: true });
      return toFacts(livestreamOfGet(unwrap(body, `GET ${path}`)), `GET ${path}`, previous);
    } catch (error) {
      if (isGone(error)) return undefined;
      throw error;
    }
  }

  /** Every session of a livestream, all pages; undefined when the livestream does not exist. */
  async getLivestreamSessions(scope: AppScope, id: string): Promise<LivestreamSession[] | undefined> {
    const path = `${prefix(scope)}/livestreams/${encodeURIComponent(id)}`;
    try {
      return await collectPages(`GET ${path}`, async (page) => {
        const body = await this.send("GET", path, { query: { page_no: page, per_page: PAGE_SIZE }, retry: true });
        return { items: sessionsOfGet(unwrap(body, `GET ${path}`), `GET ${path}`), totalCount: totalCountOf(body) };
      }, (session) => session.sessionId);
    } catch (error) {
      if (isGone(error)) return undefined;
      throw error;
    }
  }

  /** The session being broadcast now, or undefined when there is none. */
  async getActiveSession(scope: AppScope, id: string): Promise<LivestreamSession | undefined> {
    const path = `${prefix(scope)}/livestreams/${encodeURIComponent(id)}/active-livestream-session`;
    try {
      const data = unwrap(await this.send("GET", path, { retry: true }), `GET ${path}`) as { session?: unknown };
      return data?.session ? toSession(data.session, `GET ${path}`) : undefined;
    } catch (error) {
      if (isGone(error)) return undefined;
      throw error;
    }
  }

  async listLivestreams(scope: AppScope, query: ListQuery = {}): Promise<LivestreamPage> {
    const path = `${prefix(scope)}/livestreams`;
    return toPage(await this.send("GET", path, { query, retry: true }), `GET ${path}`);
  }

  /** Learns Cloudflare's clock from one short answer, unless an earlier answer already told it. */
  async learnClock(scope: AppScope): Promise<void> {
    if (!this.clock.offset()) await this.listLivestreams(scope, { page_no: 1, per_page: 1 });
  }

  /**
   * Every livestream that matches `query`, all pages, each once. Oldest first (`sort_order: "ASC"`),
   * a livestream created while the list is read goes at its end and moves none already there, so
   * the pages the first one's total promises are read `READS_AT_ONCE` at a time; what they may
   * still have missed (see collectPages) was created, or sits among what was created, since the
   * listing began, so it is read again from then, one page after another.
   */
  async listAllLivestreams(scope: AppScope, query: Omit<ListQuery, "page_no" | "per_page">): Promise<LivestreamSummary[]> {
    const startedAt = Date.now();
    const operation = `GET ${prefix(scope)}/livestreams`;
    const pages = (q: ListQuery) => async (page: number) => {
      const { livestreams, totalCount } = await this.listLivestreams(scope, { ...q, page_no: page, per_page: PAGE_SIZE });
      return { items: livestreams, totalCount };
    };
    const id = (livestream: LivestreamSummary) => livestream.livestreamId;
    if (query.sort_order !== "ASC") return collectPages(operation, pages(query), id);
    // From a second before the listing began, in Cloudflare's time: whole-second times cannot tell that second apart.
    const since = () => new Date(Math.max(this.clock.earliest(startedAt) - 1000, Date.parse(query.start_time ?? "") || -Infinity)).toISOString();
    return collectPages(operation, pages(query), id, { atOnce: READS_AT_ONCE, reread: () => collectPages(operation, pages({ ...query, start_time: since() }), id) });
  }

  /**
   * Every livestream that matches `query`, each with its name: one listed without a name (the
   * spec's example list shows `name: null`) is read by id; one that cannot be read stays nameless.
   */
  async listAllNamed(scope: AppScope, query: Omit<ListQuery, "page_no" | "per_page">, keep: (l: LivestreamSummary) => boolean = () => true): Promise<LivestreamSummary[]> {
    const listed = (await this.listAllLivestreams(scope, query)).filter(keep);
    const names = new Map<string, string>();
    await this.readNames(scope, listed.filter((l) => !l.name).map((l) => l.livestreamId), (id, name) => names.set(id, name));
    return listed.map((l) => (l.name ? l : { ...l, name: names.get(l.livestreamId) || undefined }));
  }

  /**
   * The name of each livestream of `ids`, read by id `READS_AT_ONCE` at a time and told to `heard`
   * as it arrives ("" for one that has none), so that what was read is kept even when a later
   * read fails. One that no longer exists is not told.
   */
  async readNames(scope: AppScope, ids: readonly string[], heard: (id: string, name: string) => void): Promise<void> {
    await mapBounded(ids, READS_AT_ONCE, async (id) => {
      const facts = await this.getLivestream(scope, id);
      if (facts) heard(id, facts.name);
    });
  }

  private async send(method: "GET" | "POST", path: string, request: Request & { retry: boolean }): Promise<unknown> {
    const operation = `${method} ${path}`;
    let retries = 0;
    let limited = 0;
    let firstLimitedAt = 0;
    for (;;) {
      try {
        return await this.once(method, path, operation, request);
      } catch (error) {
        // The budget is wall time since the first 429, so that `Retry-After: 0` cannot loop forever.
        if (error instanceof RateLimitError && limited === 0) firstLimitedAt = Date.now();
        const delay = error instanceof RateLimitError
          ? rateLimitDelayMs(++limited, error, Date.now() - firstLimitedAt, this.retry)
          : request.retry ? retryDelayMs(++retries, error, this.retry) : undefined;
        if (delay === undefined) throw error;
        const why = error instanceof RealtimeKitError ? error.summary : String(error);
        const which = error instanceof RateLimitError ? `wait ${limited}` : `retry ${retries} of ${this.retry.maxRetries}`;
        this.options.onRetry?.(`${operation}: ${why}; ${which} in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async once(method: string, path: string, operation: string, request: Request): Promise<unknown> {
    // Every POST, first or sent again, passes here: none leaves a process whose engine could no longer record it.
    if (method === "POST") await exitUnlessEngineAnswers();
    request.beforeEachPost?.();
    let response;
    const sentAt = Date.now();
    try {
      response = await this.http.request({ method, url: path, data: request.body, params: request.query });
    } catch (error) {
      if (axios().isAxiosError(error)) throw errorForTransport(error, operation, this.options.timeoutMs, new URL(this.options.baseUrl).host);
      throw error;
    }
    const headers = response.headers as Record<string, unknown>;
    this.clock.observe(sentAt, Date.now(), headers.date);
    if (response.status < 200 || response.status >= 300) throw errorForStatus(response.status, response.data, headers, operation, [this.options.apiToken]);
    try {
      return JSON.parse(String(response.data));
    } catch {
      throw new InvalidResponseError(`Cloudflare answered HTTP ${response.status} with a body that is not JSON`, { operation, status: response.status });
    }
  }
}

/** What one request carries; `beforeEachPost` runs right before each POST goes out (see createLivestream). */
interface Request {
  body?: unknown;
  query?: object;
  beforeEachPost?: () => void;
}

/** How `collectPages` reads a listing whose first page gave its total. */
export interface PageReading<T> {
  /** Pages in flight at once after the first; above 1 only for an order in which new items go at the end. */
  atOnce?: number;
  /** Reads again the part of the list that pages read out of order may have missed (see collectPages). */
  reread?: () => Promise<T[]>;
}

/**
 * Gathers pages 1, 2, … until one comes back empty. The reported total never ends a listing: a
 * total that under-reports would cut it, and the settle loop lists newest first, so what it cut
 * would be the attempt's own livestream, then created again. The total is a consistency check: the
 * API deletes nothing, so a whole listing holds at least what the first page said there was; fewer
 * means a page skipped some, and the listing fails rather than pass for whole. More is fine (a
 * total that under-reports, or livestreams created while it was read). It also fails when a
 * listing does not end within twice the pages its first page's total needs (MAX_PAGES at least).
 * Items are kept once by `keyOf`: a newest-first listing shifts while others create, so one item
 * can show on two pages.
 *
 * With `atOnce`, the pages the first page's total needs are read that many at a time, then the
 * rest one by one. Read in order, a page never misses an item that a creation pushes onto a later
 * page, since that page is read later; read out of order it can, and a new item seen elsewhere can
 * make up the count. So the check is then against the total of the last page, asked after every
 * other page had answered: every item seen still exists, so seeing as many as that total means
 * seeing all. Short of it, `reread` reads the part that can have moved, then the check is final.
 */
export async function collectPages<T>(
  operation: string,
  fetchPage: (page: number) => Promise<{ items: T[]; totalCount?: number }>,
  keyOf: (item: T) => string,
  { atOnce = 1, reread }: PageReading<T> = {},
): Promise<T[]> {
  const all = new Map<string, T>();
  const keep = (items: T[]) => {
    for (const item of items) if (!all.has(keyOf(item))) all.set(keyOf(item), item);
  };
  const first = await fetchPage(1);
  keep(first.items);
  const claimed = first.totalCount;
  const perPage = first.items.length;
  // Twice the pages the claimed total needs at this page size: a large app lists whole, a broken paging still ends.
  const limit = claimed !== undefined && perPage > 0 ? Math.max(MAX_PAGES, 2 * Math.ceil(claimed / perPage) + 1) : MAX_PAGES;
  const together = atOnce > 1 && claimed !== undefined && perPage > 0 ? Math.min(Math.ceil(claimed / perPage), limit) : 1;
  const promised = Array.from({ length: together - 1 }, (_, i) => i + 2);
  for (const { items } of await mapBounded(promised, atOnce, fetchPage)) keep(items);
  let last = first;
  for (let page = together + 1; last.items.length > 0; page++) {
    if (page > limit) throw new InvalidResponseError(`Cloudflare's listing did not end within ${limit} pages; its paging looks broken`, { operation });
    last = await fetchPage(page);
    keep(last.items);
  }
  const [expected, when] = together > 1 ? [Math.max(claimed ?? 0, last.totalCount ?? 0), "at its last page"] : [claimed ?? 0, "at its first page"];
  if (together > 1 && all.size < expected && reread) keep(await reread());
  if (all.size < expected) {
    throw new InvalidResponseError(`Cloudflare's listing ended with ${all.size} items, fewer than the ${expected} it reported ${when}; it skipped some, so it is not used`, { operation });
  }
  return [...all.values()];
}

/** The path prefix of one app's RealtimeKit API; ids are validated before they get here. */
function prefix({ accountId, appId }: AppScope): string {
  return `/accounts/${encodeURIComponent(accountId)}/realtime/kit/${encodeURIComponent(appId)}`;
}
