/** What every operation handler receives; declared apart from the route table so handlers need not import it. */
import type { AppStore } from "./app-store";
import type { Reply } from "./envelope";
import type { Settings } from "./settings";

export interface OperationContext {
  /** The path parameters after the account and app, by their names in the route table. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The raw request body. */
  body: string;
  /** The store as the path's account and app see it: nothing of another app is visible. */
  app: AppStore;
  /** The settings as they are for this request. */
  settings: Settings;
  /** The emulator's clock when the operation runs. */
  now: Date;
  /** The `customer-<code>` of playback URLs minted by this instance. */
  customerCode: string;
}

/** One operation: its context in, the reply out. */
export type Operation = (context: OperationContext) => Reply;
