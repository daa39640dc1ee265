/** jest's environment: a temporary folder of the file's own, for the test and every process it starts. */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";

it("gives the file a temporary folder of its own, which the processes it starts use too", () => {
  expect(path.basename(os.tmpdir())).toMatch(/^realtimekit-file-/);
  const child = spawnSync(process.execPath, ["-e", "console.log(require('node:os').tmpdir())"], { encoding: "utf8" });
  expect(child.stdout.trim()).toBe(os.tmpdir());
});
