/**
 * The IndependentLivestream lifecycle, which both doors run (the dynamic provider for TypeScript, the
 * plugin for Pulumi YAML and Go). The API can only create and read livestreams,
 * so every change of a user's input replaces, `update` only carries state forward, and `delete`
 * forgets the livestream while saying plainly that it still exists in Cloudflare.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { AppNames, nameTaken } from "./names/app-names";
import { checkInputs, isKnown } from "./check";
import { RealtimeKitClient } from "./http/client";
import { clientOptions, Settings } from "./settings/config";
import { exitWhenEngineIsGone } from "./engine/engine-gone";
import { createOnce } from "./create/create-once";
import { DECLARED_PREVIEW_ENV } from "./recovery/declared-livestreams";
import { ConfigurationError, IncompleteCreateError, NotFoundError, RealtimeKitError } from "./http/errors";
import { NameBook } from "./names/name-book";
import { nameLockKey, withNameLock } from "./names/name-lock";
import { RefreshDrift } from "./engine/refresh-drift";
import { describeResource, parseUrn } from "./engine/urn";
import { claimAdoption, releaseAdoption } from "./names/adoption-register";
import { CheckedInputs, LivestreamFacts, LivestreamOutputs, replaceOnChange, ResourceProps, sameInput } from "./types";

/** A dynamic provider's console lines reach the Pulumi CLI's output (pulumi/pulumi#18253); none holds a secret. */
const consoleLog = (message: string): void => console.log(`realtimekit: ${message}`);

type Stored = LivestreamOutputs & { __provider?: string };

export class LivestreamProvider implements dynamic.ResourceProvider<CheckedInputs, LivestreamOutputs> {
  private settings = new Settings(undefined);
  private readonly names = new NameBook();
  private readonly drift = new RefreshDrift();
  private cachedClient?: { key: string; client: RealtimeKitClient };

  /**
   * `log` says what happened to the user; the plugin sends its lines to the engine, whose CLI hides a plugin's stdout.
   * `appNames`: the names each app holds, kept for the process (benchmarks give one whose cache is their own).
   */
  constructor(
    private readonly log: (message: string) => void = consoleLog,
    private readonly appNames = new AppNames(),
  ) {}

  /** Keeps this process's stack config; credentials never enter the serialized provider. */
  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    this.settings = new Settings(req.config);
    exitWhenEngineIsGone();
  }

  /**
   * Every static rule, at preview, as failures naming the property; and for a resource not yet in
   * state (no olds: a new one, or the engine's second check of a replacement), the refusal create
   * would give when its app already holds its name.
   */
  async check(olds: Partial<CheckedInputs>, news: ResourceProps): Promise<dynamic.CheckResult<CheckedInputs>> {
    const result = checkInputs(olds, news, this.settings, this.names);
    const { inputs, failures } = result;
    if (failures.length > 0 || Object.keys(olds).length > 0 || inputs.adoptLivestreamId !== undefined) return result;
    // Recovery's preview, to learn what the program declares (see declared-livestreams.ts).
    if (process.env[DECLARED_PREVIEW_ENV] === "1") return result;
    if (![inputs.name, inputs.accountId, inputs.appId].every(isKnown)) return result;
    const holders = await this.appNames.holders(this.client(), inputs, inputs.name!).catch((error: unknown) => {
      // Says why a preview reads Cloudflare at all; the name stays out, since it may be a secret.
      if (error instanceof RealtimeKitError) error.message = `Listing app ${inputs.appId}'s livestream names, to refuse a name it already has: ${error.message}`;
      throw error;
    });
    // Thrown, not a failure of `name`: the engine prints a property's failure as "property name value {<nil>} has a
    // problem", a bad value, which this is not; thrown, it reads as the create's refusal does, under the resource.
    if (holders.length > (inputs.adoptExisting ? 1 : 0)) throw nameTaken(inputs.name!, inputs.appId, holders);
    // The livestream adoptExisting will take: no other resource of this process may hold it by its id.
    const other = holders.length === 1 && news.owner !== undefined ? this.names.claimAdopted(holders[0].livestreamId, news.owner) : undefined;
    if (other !== undefined) throw twoHolders(holders[0].livestreamId, inputs.name!, news.owner!, other);
    return result;
  }

  /**
   * A changed input replaces (the API has no update); a changed provider alone updates in place; and
   * the diff a refresh asks after a read that found the livestream changed reports that change, so
   * refresh shows it (see refresh-drift.ts).
   */
  async diff(id: string, olds: Stored, news: CheckedInputs & { __provider?: string }): Promise<dynamic.DiffResult> {
    // An adopted livestream's name is Cloudflare's, not an input, so only the other fields can differ.
    const replaces = replaceOnChange.filter((field) => !(field === "name" && news.adoptLivestreamId) && !sameInput(field, olds[field], news[field]));
    const drifted = this.drift.take(id, olds);
    return { changes: replaces.length > 0 || olds.__provider !== news.__provider || drifted, replaces, deleteBeforeReplace: false };
  }

  /** One POST (or, to adopt, one GET); the livestream id becomes the resource id. */
  async create(inputs: CheckedInputs): Promise<dynamic.CreateResult<LivestreamOutputs>> {
    try {
      const facts = inputs.adoptLivestreamId ? await this.adopt(inputs, inputs.adoptLivestreamId) : await this.createNamed(inputs);
      // The name is the input's (Cloudflare may echo it as null or ""); an adopted one is Cloudflare's.
      return { id: facts.livestreamId, outs: { ...inputs, ...facts, name: inputs.adoptLivestreamId ? facts.name : inputs.name! } };
    } catch (error) {
      throw error instanceof IncompleteCreateError ? error.withInputs(inputs) : error;
    }
  }

  /** Refresh: a GET by id. Gone in Cloudflare means gone from state (an empty id tells the engine). */
  async read(id: string, stored?: Stored): Promise<dynamic.ReadResult<LivestreamOutputs>> {
    // Refresh sends the stored outputs; `pulumi import` (through the plugin) only the id, so the
    // livestream is looked for where the settings point.
    const props = (stored?.accountId ? stored : this.importScope(id)) as Stored;
    const facts = await this.client().getLivestream(props, id, props);
    if (!facts) {
      this.log(`livestream ${id} no longer exists in Cloudflare; removing it from state`);
      return {};
    }
    // An import keeps the name Cloudflare has; one without a name (the API allows `{}`) can only be
    // declared by its id, as an adoption, since a created livestream's name is never empty.
    const imported = stored?.accountId ? {} : facts.name ? { name: facts.name } : { adoptLivestreamId: id };
    const inputs = pickInputs({ ...props, ...imported });
    // The API cannot rename, so a created livestream keeps the name it was created with.
    const outputs: LivestreamOutputs = { ...inputs, ...facts, name: inputs.adoptLivestreamId ? facts.name : inputs.name! };
    const changed = stored?.accountId ? this.drift.record(id, stored, outputs) : [];
    if (changed.length > 0) this.log(`livestream ${id} changed in Cloudflare since it was last read: ${changed.join(", ")}`);
    // ReadResult types `inputs` as outputs; the engine takes any property map there.
    return { id, props: outputs, inputs: inputs as LivestreamOutputs };
  }

  /**
   * Only the provider's code changed (diff replaces every other change): keep what is stored. A
   * livestream recorded half-created (see IncompleteCreateError) is read to complete it.
   */
  async update(id: string, olds: Stored, news: CheckedInputs): Promise<dynamic.UpdateResult<LivestreamOutputs>> {
    if (olds.streamKey) return { outs: { ...olds, ...news, name: olds.name } };
    const facts = await this.client().getLivestream(olds, id);
    if (!facts) throw new NotFoundError(`Livestream ${id} is in state but no longer exists in Cloudflare; run 'pulumi refresh' to drop it`);
    return { outs: { ...olds, ...news, ...facts, name: olds.name } };
  }

  /**
   * The API cannot delete a livestream: forget it and say so. It is let go for other stacks to adopt, unless a
   * resource of this deployment holds it still (a replacement that adopts it again).
   */
  async delete(id: string, props: Stored): Promise<void> {
    if (this.names.holderOf(id) === undefined) {
      // The base URL alone: a forget must not fail for want of a token, as it never needed one.
      releaseAdoption(this.settings.baseUrl(), id);
    }
    this.log(
      `livestream ${id} ('${props.name}') was removed from the stack but STILL EXISTS in Cloudflare: ` +
        "the RealtimeKit API cannot delete livestreams, and its stream key stays valid",
    );
  }

  /**
   * A livestream of the input's name: created, unless the app holds that name already (a second
   * could never be deleted); then taken with `adoptExisting`, else refused with nothing posted. A
   * create of the name another process of this machine may still be committing is looked for first.
   */
  private async createNamed(inputs: CheckedInputs): Promise<LivestreamFacts> {
    const [client, name, settleMs] = [this.client(), inputs.name!, this.settings.createSettleMs()];
    return withNameLock(nameLockKey({ ...inputs, api: client.baseUrl }, name), async (lock) => {
      const holders = await this.appNames.holders(client, inputs, name, { ...lock, settleMs, log: this.log });
      if (holders.length > (inputs.adoptExisting ? 1 : 0)) throw nameTaken(name, inputs.appId, holders);
      if (holders.length === 1) return this.adopt(inputs, holders[0].livestreamId);
      const mark = lock.mark({ settleMs, createStartedAt: inputs.createStartedAt });
      const facts = await createOnce(client, inputs, name, { settleMs, log: this.log, mark }).catch((error: unknown) => {
        // Cloudflare made it (its id is known) but it could not be read: created, like a success.
        if (error instanceof IncompleteCreateError) lock.created({ livestreamId: error.id, createStartedAt: inputs.createStartedAt });
        throw error;
      });
      // Recorded with the create's stamp: until the engine writes this stack's state, only this tells recovery whose it is.
      lock.created({ livestreamId: facts.livestreamId, createStartedAt: inputs.createStartedAt });
      await this.appNames.add(client, inputs, name, { livestreamId: facts.livestreamId });
      // Its own stack's from the start, so that another stack's adoption of it is refused.
      this.names.bind(inputs.accountId, inputs.appId, name, facts.livestreamId);
      this.holdForStack(client.baseUrl, facts);
      return facts;
    });
  }

  /**
   * One GET. A livestream reached by its id whose name another resource holds, or reached by its name whose id another
   * resource adopts, is refused: check could not see it when one of them was already in state (its id unread).
   */
  private async adopt(inputs: CheckedInputs, id: string): Promise<LivestreamFacts> {
    const client = this.client();
    const facts = await client.getLivestream(inputs, id);
    if (!facts) throw new NotFoundError(`adoptLivestreamId: no livestream ${id} exists in app ${inputs.appId} of account ${inputs.accountId}`);
    const clash = this.names.bind(inputs.accountId, inputs.appId, facts.name ?? undefined, id);
    // Two livestreams of one name (a duplicate the API cannot delete) are two: the name's resource may hold the other.
    if (clash && (await this.appNames.holders(client, inputs, facts.name!)).length === 1) throw twoHolders(id, facts.name!, ...clash);
    this.holdForStack(client.baseUrl, facts);
    return facts;
  }

  /**
   * Records in the machine's register (adoption-register.ts) that the stack of the resource holding the livestream
   * holds it, whether it adopted or created it; refuses one another stack of this machine holds.
   */
  private holdForStack(api: string, { livestreamId: id, name }: LivestreamFacts): void {
    const holder = this.names.holderOf(id);
    if (holder === undefined) return;
    const { project, stack } = parseUrn(holder);
    const other = claimAdoption(api, id, { stack: `${project}/${stack}`, by: "pulumi up", at: new Date().toISOString() });
    if (other) {
      throw new ConfigurationError(
        `livestream ${id}${name ? ` ('${name}')` : ""} is taken by stack ${other.stack} (its ${other.by} at ${other.at}, on this machine): one livestream in two ` +
          `stacks hands one stream key to both; remove it from that stack first (its resource, and 'pulumi up' there), or, if that stack's ` +
          `realtimekit-import wrote it and it will not take it, run 'npx realtimekit-import --release' for that stack`,
      );
    }
  }

  private importScope(id: string): CheckedInputs {
    const [accountId, appId] = [this.settings.get("accountId"), this.settings.get("appId")];
    if (accountId === undefined || appId === undefined) throw new ConfigurationError(`Importing livestream ${id} needs config 'realtimekit:accountId' and 'realtimekit:appId' (or their environment variables)`);
    return { accountId, appId };
  }

  /** One client per settings, kept so its connections are reused. */
  private client(): RealtimeKitClient {
    const options = clientOptions(this.settings, this.log);
    const key = JSON.stringify(options);
    if (this.cachedClient?.key !== key) this.cachedClient = { key, client: new RealtimeKitClient(options) };
    return this.cachedClient.client;
  }
}

/** Two resources of one deployment that would hold one livestream, each named. */
function twoHolders(id: string, name: string, a: string, b: string): ConfigurationError {
  return new ConfigurationError(
    `livestream ${id} ('${name}') would be held by resource ${describeResource(a)} and by resource ${describeResource(b)}: ` +
      "a livestream belongs to one resource, since both would hand out its stream key; keep one of them",
  );
}

/** The inputs a read gives back: a stored create stamp stays, so that a refresh never shows it as a diff. */
function pickInputs(props: Stored): CheckedInputs {
  const { name, accountId, appId, adoptLivestreamId, createStartedAt } = props;
  const inputs = (adoptLivestreamId ? { accountId, appId, adoptLivestreamId } : { name, accountId, appId }) as CheckedInputs;
  return createStartedAt === undefined ? inputs : { ...inputs, createStartedAt };
}
