/** The package's name and version, for the User-Agent, read from the package.json that ships with it. */
import * as fs from "node:fs";
import * as path from "node:path";

function packageJson(): { name: string; version: string } {
  // Compiled code sits in dist/provider/, sources in provider/: look upwards for our package.json.
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8"));
  }
  return { name: "pulumi-realtimekit", version: "0.0.0" };
}

const pkg = packageJson();
export const VERSION = pkg.version;
export const USER_AGENT = `${pkg.name}/${VERSION}`;
