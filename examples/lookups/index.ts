// Reads without managing: one livestream by id (`pulumi config set livestreamId <uuid>`), the app's
// live livestreams, and the sessions of the first one, as stack outputs for a dashboard.
import * as pulumi from "@pulumi/pulumi";
import { getIndependentLivestream, getLivestreamSessions, listIndependentLivestreams } from "pulumi-realtimekit";

export = async () => {
  const livestreamId = new pulumi.Config().require("livestreamId");
  const livestream = await getIndependentLivestream({ livestreamId });
  const live = await listIndependentLivestreams({ status: "LIVE" });
  const { active, sessions } = await getLivestreamSessions({ livestreamId });
  return {
    name: livestream.name,
    playbackUrl: livestream.playbackUrl,
    // Still a secret here: lookups wrap every stream key.
    streamKey: livestream.streamKey,
    liveLivestreams: live.map((l) => l.name),
    broadcasting: active !== undefined,
    currentIngestSeconds: active?.ingestSeconds ?? 0,
    totalViewerSeconds: sessions.reduce((sum, s) => sum + s.viewerSeconds, 0),
    sessionCount: sessions.length,
  };
};
