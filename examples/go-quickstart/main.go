// Two Cloudflare RealtimeKit livestreams and a lookup, through the Go SDK generated from the plugin's
// schema (sdk/go in the pulumi-realtimekit repository).
package main

import (
	"github.com/pulumi-realtimekit/pulumi-realtimekit/sdk/go/realtimekit"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Named <project>-<stack>-main-stage plus a short hash, kept after the first create; account,
		// app and token come from stack config realtimekit:* (or the CLOUDFLARE_* variables).
		mainStage, err := realtimekit.NewIndependentLivestream(ctx, "main-stage", nil)
		if err != nil {
			return err
		}
		backstage, err := realtimekit.NewIndependentLivestream(ctx, "backstage", &realtimekit.IndependentLivestreamArgs{
			Name: pulumi.String(config.Get(ctx, "backstageName")),
		})
		if err != nil {
			return err
		}
		// The Output form: the plain LookupIndependentLivestream fails on its secret stream key
		// ("unexpected secret result returned to invoke call").
		lookedUp := realtimekit.LookupIndependentLivestreamOutput(ctx, realtimekit.LookupIndependentLivestreamOutputArgs{
			LivestreamId: mainStage.LivestreamId,
		})
		ctx.Export("livestreamId", mainStage.LivestreamId)
		ctx.Export("ingestServer", mainStage.IngestServer)
		ctx.Export("streamKey", mainStage.StreamKey) // a secret
		ctx.Export("playbackUrl", mainStage.PlaybackUrl)
		ctx.Export("status", mainStage.Status)
		ctx.Export("backstagePlaybackUrl", backstage.PlaybackUrl)
		ctx.Export("lookedUpStatus", lookedUp.Status())
		return nil
	})
}
