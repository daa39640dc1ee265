/**
 * The plugin process, `pulumi-resource-realtimekit <engine address>`, as the engine starts it
 * (through the launcher in bin/).
 */
import * as provider from "@pulumi/pulumi/provider";
import { exitWhenEngineIsGone } from "../engine-gone";
import { patchProviderServer } from "./server-patches";
import { RealtimeKitPlugin } from "./plugin";

const args = process.argv.slice(2);
// The SDK's log functions reach the engine at this address; the provider server does not set it.
process.env.PULUMI_NODEJS_ENGINE ||= args.find((arg) => !arg.startsWith("-"));
const plugin = new RealtimeKitPlugin();
patchProviderServer((urn, config) => plugin.configure(urn, config));
exitWhenEngineIsGone();
void provider.main(plugin, args);
