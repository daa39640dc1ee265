/**
 * The stack-reference example, a TypeScript program, reads the outputs of a quickstart stack, the
 * TypeScript one or the Pulumi YAML one (across languages): the stream key stays secret.
 */
import { TOKEN, useEmulator } from "../helpers/emulator";
import { expectNoPlainSecrets, stackFor } from "../helpers/e2e";
import { yamlStackFor } from "../helpers/plugin";

jest.setTimeout(120_000);
const emulator = useEmulator();

const producers = [
  { language: "TypeScript", project: "realtimekit-quickstart", make: () => stackFor("examples/quickstart", emulator, "producer") },
  { language: "Pulumi YAML", project: "realtimekit-yaml-quickstart", make: () => yamlStackFor("examples/yaml-quickstart", emulator, "producer") },
];

it.each(producers)("reads ingestServer, playbackUrl and the still-secret streamKey of a $language stack", async ({ project, make }) => {
  const producer = await make();
  try {
    await producer.up();
    const livestreamId = (await producer.outputs()).livestreamId;
    const record = (await emulator.livestreams()).find((r) => r.id === livestreamId)!;

    const consumer = await producer.sibling("examples/stack-reference", "consumer");
    await consumer.setConfig({ livestreamStack: `organization/${project}/producer` });
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
  } finally {
    producer.dispose();
  }
});
