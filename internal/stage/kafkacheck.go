package stage

import (
	"context"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/kafka"
)

// CheckKafka runs cfg.Check at a binary's start, unready meanwhile (the
// HTTP endpoints are served from the start, and /readyz must not say ok
// before the brokers have taken the client). A nil error with ctx done
// means the binary was stopped while it waited.
func CheckKafka(ctx context.Context, a *app.App, cfg kafka.Config) error {
	a.Health.Add("kafka", func(context.Context) (app.Status, string) {
		return app.Unhealthy, "connecting to the Kafka brokers"
	})
	err := cfg.Check(ctx, a.Log)
	if err != nil && ctx.Err() != nil {
		return nil
	}
	a.Health.Remove("kafka")
	return err
}
