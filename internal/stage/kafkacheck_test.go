package stage_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/songnodes/pipeline/internal/app"
	"github.com/songnodes/pipeline/internal/stage"
	"github.com/songnodes/pipeline/internal/testenv"
)

// While the brokers cannot be reached, CheckKafka waits and the binary is
// unready saying why; stopped, it returns nil. With a broker it returns
// and leaves no check behind.
func TestCheckKafkaUnreadyWhileWaiting(t *testing.T) {
	_, cfg := testenv.Kafka(t, 1)
	up := cfg
	cfg.Brokers = []string{fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t))} // nothing listens
	a := app.New("test", testenv.Logger(t))
	ready := func() (int, string) {
		rec := httptest.NewRecorder()
		a.Mux.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		return rec.Code, rec.Body.String()
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- stage.CheckKafka(ctx, a, cfg) }()
	testenv.Eventually(t, 10*time.Second, "unready while waiting", func() bool {
		code, body := ready()
		return code == http.StatusServiceUnavailable && strings.Contains(body, "connecting to the Kafka brokers")
	})
	time.Sleep(time.Second) // a retry or two
	select {
	case err := <-done:
		t.Fatalf("returned while no broker answers: %v", err)
	default:
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("stopped while waiting: %v, want nil", err)
	}

	a = app.New("test", testenv.Logger(t))
	testenv.Must(t, stage.CheckKafka(t.Context(), a, up), "check")
	if code, body := ready(); code != http.StatusOK || strings.Contains(body, "kafka") {
		t.Fatalf("after the check: HTTP %d %s", code, body)
	}
}
