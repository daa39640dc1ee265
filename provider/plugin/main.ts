/**
 * The plugin process, `pulumi-resource-realtimekit <engine address>`, as the engine starts it
 * (through the launcher in bin/).
 */
import * as provider from "@pulumi/pulumi/provider";
import { engineAddressOf, exitWhenEngineIsGone, watchEngine } from "../engine/engine-gone";
import { patchProviderServer } from "./server-patches";
import { RealtimeKitPlugin } from "./plugin";

const args = process.argv.slice(2);
const engine = engineAddressOf(args);
// The SDK's log functions reach the engine at this address; the provider server does not set it.
process.env.PULUMI_NODEJS_ENGINE ||= engine;
const plugin = new RealtimeKitPlugin();
patchProviderServer((urn, config) => plugin.configure(urn, config));
exitWhenEngineIsGone();
if (engine) watchEngine(engine);
void provider.main(plugin, args);
