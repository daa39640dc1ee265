/**
 * The plugin door: Pulumi's provider protocol (`@pulumi/pulumi/provider`) over the same
 * LivestreamProvider the dynamic provider runs. It only translates: resource names from URNs,
 * secrets on the wire, settings from Configure, and the lookups as invokes.
 */
import type * as provider from "@pulumi/pulumi/provider";
import { propertiesConfig, Settings } from "../settings/config";
import { ConfigurationError } from "../http/errors";
import { findLivestream, findSessions, listLivestreams } from "../lookups";
import { LivestreamProvider } from "../livestream-provider";
import { plainTextTokenError } from "../settings/secret-token";
import { ListLivestreamsArgs, secretOutputs } from "../types";
import { VERSION } from "../http/version";
import { FUNCTION_TOKENS, schema } from "./schema";
import { PLUGIN_TYPE_TOKEN } from "../engine/tokens";
import { flushed, log } from "./engine-log";
import { isDefaultProvider, parseUrn } from "../engine/urn";
import { isSecret, plain, secretFields, toEngine } from "./wire";


export class RealtimeKitPlugin implements provider.Provider {
  readonly version = VERSION;
  private readonly core = new LivestreamProvider(log);
  private settings = new Settings(undefined);

  async getSchema(): Promise<string> {
    return JSON.stringify(schema);
  }

  /**
   * Settings from the engine's Configure: stack config `realtimekit:*` or an explicit provider's
   * properties, else the environment. A token that reaches us unmarked was not set as a secret.
   */
  async configure(urn: string, args: Record<string, unknown>): Promise<void> {
    if (args.apiToken !== undefined && !isSecret(args.apiToken)) {
      // The default provider's settings are the stack config; an explicit one's come from the program.
      if (isDefaultProvider(urn)) throw plainTextTokenError();
      throw new ConfigurationError(`Provider '${parseUrn(urn).name}': apiToken must be a secret; pass it from secret config ('pulumi config set --secret')`);
    }
    const config = propertiesConfig(plain(args));
    this.settings = new Settings(config);
    await this.core.configure({ config });
  }

  async check(urn: string, olds: object, news: object): Promise<provider.CheckResult> {
    const { type } = parseUrn(urn);
    if (type !== PLUGIN_TYPE_TOKEN) throw new Error(`unknown resource type ${type}: this provider has ${PLUGIN_TYPE_TOKEN} only`);
    // The URN as owner, as the dynamic door passes it: the default name comes from it.
    const { inputs, failures } = await this.core.check(plain(olds), { ...plain(news), owner: urn });
    return { inputs: toEngine(inputs, secretFields(olds, news)), failures };
  }

  async diff(id: string, _urn: string, olds: object, news: object): Promise<provider.DiffResult> {
    return this.core.diff(id, plain(olds) as never, plain(news) as never);
  }

  async create(_urn: string, inputs: object): Promise<provider.CreateResult> {
    const { id, outs } = await flushed(this.core.create(plain(inputs) as never));
    return { id, outs: toEngine(outs, [...secretOutputs, ...secretFields(inputs)]) };
  }

  async read(id: string, _urn: string, props?: object): Promise<provider.ReadResult> {
    const stored = props && Object.keys(props).length > 0 ? (plain(props) as never) : undefined;
    const result = await flushed(this.core.read(id, stored));
    const secrets = secretFields(props);
    if (!result.id) return { id: "", props: {} };
    return { id: result.id, props: toEngine(result.props, [...secretOutputs, ...secrets]), inputs: toEngine(result.inputs, secrets) };
  }

  async update(id: string, _urn: string, olds: object, news: object): Promise<provider.UpdateResult> {
    const { outs } = await flushed(this.core.update(id, plain(olds) as never, plain(news) as never));
    return { outs: toEngine(outs, [...secretOutputs, ...secretFields(olds, news)]) };
  }

  async delete(id: string, _urn: string, props: object): Promise<void> {
    await flushed(this.core.delete(id, plain(props) as never));
  }

  /** The lookups, with the provider's settings. */
  async invoke(token: string, args: object): Promise<provider.InvokeResult> {
    const given = plain(args) as { livestreamId: string } & ListLivestreamsArgs;
    switch (token) {
      case FUNCTION_TOKENS.get:
        return { outputs: toEngine(await findLivestream(this.settings, given), secretOutputs) };
      case FUNCTION_TOKENS.list:
        return { outputs: toEngine({ livestreams: await listLivestreams(this.settings, given) }) };
      case FUNCTION_TOKENS.sessions:
        return { outputs: toEngine(await findSessions(this.settings, given)) };
      default:
        throw new Error(`unknown function ${token}`);
    }
  }
}
