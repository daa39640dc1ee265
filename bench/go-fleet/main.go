// `count` livestreams named <prefix>-<i>, through the Go SDK (sdk/go), for the benchmarks.
package main

import (
	"fmt"

	"github.com/pulumi-realtimekit/pulumi-realtimekit/sdk/go/realtimekit"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		count := config.RequireInt(ctx, "count")
		prefix := config.Get(ctx, "prefix")
		for i := 0; i < count; i++ {
			name := fmt.Sprintf("%s-%d", prefix, i)
			if _, err := realtimekit.NewIndependentLivestream(ctx, name, &realtimekit.IndependentLivestreamArgs{Name: pulumi.String(name)}); err != nil {
				return err
			}
		}
		ctx.Export("livestreamCount", pulumi.Int(count))
		return nil
	})
}
