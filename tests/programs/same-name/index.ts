// Two IndependentLivestreams, `first` and `second`. Config `layout`: `top` declares both at the top
// level under resource names `first` and `second`; `nested` declares each under a component of its
// own type, both under the resource name `show` (which Pulumi allows, since their URNs differ).
// Config `firstName` and `secondName` set their livestream names; unset, each gets its default.
import * as pulumi from "@pulumi/pulumi";
import { IndependentLivestream } from "pulumi-realtimekit";

const config = new pulumi.Config();
const nested = config.require("layout") === "nested";

function livestream(resourceName: string, name: string | undefined, parentType: string): IndependentLivestream {
  if (!nested) return new IndependentLivestream(resourceName, { name });
  const parent = new pulumi.ComponentResource(parentType, resourceName);
  return new IndependentLivestream("show", { name }, { parent });
}

const first = livestream("first", config.get("firstName"), "test:index:Studio");
const second = livestream("second", config.get("secondName"), "test:index:Backup");

export const names = [first.name, second.name];
