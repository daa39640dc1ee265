/** The stack-reference example reads a quickstart stack's outputs; the stream key stays secret. */
import { TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets, stackFor } from "../helpers/e2e";
import { PulumiStack } from "../../scripts/pulumi-stack";

jest.setTimeout(120_000);
const emulator = useEmulator();
let producer: PulumiStack;

afterAll(() => producer?.dispose());

it("reads ingestServer, playbackUrl and the still-secret streamKey of another stack", async () => {
  producer = await stackFor("examples/quickstart", emulator, "producer");
  await producer.up();
  const [record] = await emulator.livestreams();

  const consumer = await producer.sibling("examples/stack-reference", "consumer");
  await consumer.setConfig({ livestreamStack: "organization/realtimekit-quickstart/producer" });
  await consumer.up();

  expect(await consumer.outputs()).toEqual({
    ingestServer: record.ingest_server,
    playbackUrl: record.playback_url,
    streamKey: "[secret]",
    encoderUrl: "[secret]",
  });
  expect(await consumer.outputs(true)).toMatchObject({ streamKey: record.stream_key, encoderUrl: `${record.ingest_server}${record.stream_key}` });
  await expectNoPlainSecrets(consumer, [record.stream_key, TOKEN]);
  await expectNoPlainSecrets(producer, [record.stream_key, TOKEN]);
});
