package ingestclient_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/sr/srfake"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/ingest"
	"github.com/songnodes/pipeline/internal/kafka"
)

// server is a real ingest server on an in-process Kafka and registry.
type server struct {
	url     string
	cfg     kafka.Config
	cluster *kfake.Cluster
	close   func()
}

// startServer starts one; wrap, when not nil, wraps its handler (to
// count requests, or answer some itself). It takes no *testing.T so that
// TestMain can start the one the examples post to.
func startServer(log *slog.Logger, mod func(*ingest.Settings), wrap func(http.Handler) http.Handler) (*server, error) {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.DefaultNumPartitions(2))
	if err != nil {
		return nil, err
	}
	reg := httptest.NewServer(srfake.NewRegistry().Handler())
	cfg := kafka.DefaultConfig()
	cfg.Brokers, cfg.Topics.Prefix = cluster.ListenAddrs(), fmt.Sprintf("t%d", time.Now().UnixNano()%1e9)
	cfg.Partitions, cfg.Replication = 2, 1
	s := ingest.DefaultSettings(cfg)
	s.RegistryURL, s.ProduceTimeout = reg.URL, 3*time.Second
	if mod != nil {
		mod(&s)
	}
	a := app.New("ingest", log)
	srv, err := ingest.NewServer(a, s)
	if err != nil {
		reg.Close()
		cluster.Close()
		return nil, err
	}
	srv.Register(a)
	var h http.Handler = a.Mux
	if wrap != nil {
		h = wrap(a.Mux)
	}
	hs := httptest.NewServer(h)
	return &server{url: hs.URL, cfg: cfg, cluster: cluster, close: func() {
		hs.Close()
		srv.Close()
		reg.Close()
		cluster.Close()
	}}, nil
}

func start(t *testing.T, mod func(*ingest.Settings), wrap func(http.Handler) http.Handler) *server {
	t.Helper()
	s, err := startServer(slog.New(slog.DiscardHandler), mod, wrap)
	if err != nil {
		t.Fatalf("start ingest: %v", err)
	}
	t.Cleanup(s.close)
	return s
}
