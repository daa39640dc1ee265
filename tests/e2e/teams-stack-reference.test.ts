/**
 * A team's producer and consumer stacks in one PostgreSQL backend: the consumer reads the producer's
 * outputs through a StackReference, the stream key stays a secret, and refresh and destroy work on both.
 */
import { defaultName } from "../../provider/names/default-name";
import { TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets } from "../helpers/e2e";
import { stackOnPostgres, usePostgres } from "../helpers/postgres";
import { sql } from "../../scripts/postgres";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(300_000);
const emulator = useEmulator();
const postgres = usePostgres();
let producer: PulumiStack;
let consumer: PulumiStack;

afterAll(() => [producer, consumer].forEach((s) => s?.dispose()));

it("keeps both stacks in PostgreSQL, passes the stream key as a secret, refreshes and destroys both", async () => {
  producer = await stackOnPostgres("examples/quickstart", emulator, postgres, "producer");
  await producer.up();
  const [record] = await emulator.livestreams();
  // Another checkout (its own folder and PULUMI_HOME), as a teammate's, on the same backend.
  consumer = await PulumiStack.create("examples/stack-reference", { stack: "consumer", env: postgres.env });
  await consumer.setConfig({ livestreamStack: "organization/realtimekit-quickstart/producer" });
  await consumer.up();

  expect(await consumer.outputs()).toEqual({ ingestServer: record.ingest_server, playbackUrl: record.playback_url, streamKey: "[secret]", encoderUrl: "[secret]" });
  expect(await consumer.outputs(true)).toMatchObject({ streamKey: record.stream_key });
  expect(sql(postgres, "SELECT key FROM pulumi_state WHERE key LIKE '%/stacks/%' AND key NOT LIKE '%.bak' ORDER BY key")).toEqual([
    "pulumi_state/.pulumi/stacks/realtimekit-consumer/consumer.json",
    "pulumi_state/.pulumi/stacks/realtimekit-quickstart/producer.json",
  ]);
  // The database holds the state as Pulumi wrote it: the key only as ciphertext there too.
  expect(sql(postgres, "SELECT convert_from(decode(data->>'data', 'base64'), 'UTF8') FROM pulumi_state").join("\n")).not.toContain(record.stream_key);

  await emulator.change(record.id, { status: "LIVE" });
  await producer.refresh();
  expect((await producer.resources())[0].outputs?.status).toBe("LIVE");
  await consumer.refresh();

  await consumer.destroy();
  await producer.destroy();
  expect(await producer.resources()).toEqual([]);
  expect(await consumer.outputs()).toEqual({});
  expect(producer.printed()).toContain(`livestream ${record.id} ('${defaultName("realtimekit-quickstart", "producer", "livestream")}') was removed from the stack but STILL EXISTS in Cloudflare`);
  for (const stack of [producer, consumer]) await expectNoPlainSecrets(stack, [record.stream_key, TOKEN, postgres.password]);
  expect(sql(postgres, "SELECT count(*) FROM pulumi_state WHERE key LIKE '%/locks/%'")).toEqual(["0"]);
});
