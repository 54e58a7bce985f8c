package kafka_test

import (
	"context"
	"crypto/tls"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/songnodes/pipeline/internal/kafka"
	"github.com/songnodes/pipeline/internal/testenv"
)

// TestSecureConnections connects a producer and a consumer, built from
// kafka.Config as every binary builds them, to a kfake cluster that
// wants SASL, TLS or both, and moves a record through it.
func TestSecureConnections(t *testing.T) {
	ca := testenv.NewCA(t, "kafka-test")
	server := ca.Server(t, "broker")
	client := ca.Client(t, "stage")
	serverTLS := &tls.Config{Certificates: []tls.Certificate{server.TLS}, MinVersion: tls.VersionTLS12}
	mtlsServer := &tls.Config{Certificates: []tls.Certificate{server.TLS}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: ca.Pool, MinVersion: tls.VersionTLS12}

	cases := []struct {
		name   string
		kopts  []kfake.Opt
		config func(*kafka.Config)
	}{
		{"PLAIN", []kfake.Opt{kfake.EnableSASL(), kfake.Superuser("PLAIN", "songnodes", "plain-pass")},
			func(c *kafka.Config) {
				c.SASLMechanism, c.SASLUser, c.SASLPassword = "PLAIN", "songnodes", "plain-pass"
			}},
		{"SCRAM-SHA-256", []kfake.Opt{kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-256", "songnodes", "scram256-pass")},
			func(c *kafka.Config) {
				c.SASLMechanism, c.SASLUser, c.SASLPassword = "SCRAM-SHA-256", "songnodes", "scram256-pass"
			}},
		{"SCRAM-SHA-512", []kfake.Opt{kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-512", "songnodes", "scram512-pass")},
			func(c *kafka.Config) {
				c.SASLMechanism, c.SASLUser, c.SASLPassword = "SCRAM-SHA-512", "songnodes", "scram512-pass"
			}},
		{"TLS with a private CA", []kfake.Opt{kfake.TLS(serverTLS)},
			func(c *kafka.Config) { c.TLS, c.TLSCAFile = true, ca.File }},
		{"TLS with a client certificate", []kfake.Opt{kfake.TLS(mtlsServer)},
			func(c *kafka.Config) {
				c.TLS, c.TLSCAFile, c.TLSCertFile, c.TLSKeyFile = true, ca.File, client.CertFile, client.KeyFile
			}},
		{"SCRAM-SHA-512 over TLS", []kfake.Opt{kfake.TLS(serverTLS), kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-512", "songnodes", "both-pass")},
			func(c *kafka.Config) {
				c.TLS, c.TLSCAFile = true, ca.File
				c.SASLMechanism, c.SASLUser, c.SASLPassword = "SCRAM-SHA-512", "songnodes", "both-pass"
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, cfg := testenv.Kafka(t, 1, tc.kopts...)
			tc.config(&cfg)
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			log := testenv.Logger(t)
			testenv.Must(t, cfg.Check(ctx, log), "check")

			adm, err := cfg.NewAdmin("admin", log)
			testenv.Must(t, err, "admin")
			defer adm.Close()
			topic := cfg.Topics.Prefix + ".secure"
			testenv.Must(t, cfg.EnsureTopics(ctx, adm, kafka.TopicSpec{Name: topic}), "create topic")

			prod, err := cfg.NewClient("producer", log)
			testenv.Must(t, err, "producer")
			defer prod.Close()
			testenv.Must(t, prod.ProduceSync(ctx, &kgo.Record{Topic: topic, Key: []byte("k"), Value: []byte("secured")}).FirstErr(), "produce")

			cons, err := cfg.NewClient("consumer", log, kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
			testenv.Must(t, err, "consumer")
			defer cons.Close()
			fs := cons.PollFetches(ctx)
			if errs := fs.Errors(); len(errs) > 0 {
				t.Fatalf("poll: %v", errs)
			}
			recs := fs.Records()
			if len(recs) != 1 || string(recs[0].Value) != "secured" {
				t.Fatalf("consumed %d records, want the one produced", len(recs))
			}
		})
	}
}

// TestCheckRefusals: a client the brokers refuse fails Check at once (not
// after its deadline), with an error that names the settings to look at
// and never the password.
func TestCheckRefusals(t *testing.T) {
	ca := testenv.NewCA(t, "kafka-test")
	other := testenv.NewCA(t, "other")
	server := ca.Server(t, "broker")
	serverTLS := &tls.Config{Certificates: []tls.Certificate{server.TLS}, MinVersion: tls.VersionTLS12}
	mtlsServer := &tls.Config{Certificates: []tls.Certificate{server.TLS}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: ca.Pool, MinVersion: tls.VersionTLS12}

	cases := []struct {
		name   string
		kopts  []kfake.Opt
		config func(*kafka.Config)
		want   []string
	}{
		{"wrong SCRAM password", []kfake.Opt{kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-256", "songnodes", "right-pass")},
			func(c *kafka.Config) {
				c.SASLMechanism, c.SASLUser, c.SASLPassword = "SCRAM-SHA-256", "songnodes", "wrong-pass-7f3a9"
			},
			[]string{"KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"}},
		{"wrong PLAIN password", []kfake.Opt{kfake.EnableSASL(), kfake.Superuser("PLAIN", "songnodes", "right-pass")},
			func(c *kafka.Config) {
				c.SASLMechanism, c.SASLUser, c.SASLPassword = "PLAIN", "songnodes", "wrong-pass-7f3a9"
			},
			[]string{"KAFKA_SASL_PASSWORD"}},
		{"no SASL against a SASL listener", []kfake.Opt{kfake.EnableSASL(), kfake.Superuser("PLAIN", "songnodes", "right-pass")},
			func(*kafka.Config) {},
			[]string{"KAFKA_SASL_MECHANISM"}},
		{"wrong CA", []kfake.Opt{kfake.TLS(serverTLS)},
			func(c *kafka.Config) { c.TLS, c.TLSCAFile = true, other.File },
			[]string{"KAFKA_TLS_CA_FILE", "certificate"}},
		{"no client certificate where one is required", []kfake.Opt{kfake.TLS(mtlsServer)},
			func(c *kafka.Config) { c.TLS, c.TLSCAFile = true, ca.File },
			[]string{"KAFKA_TLS_CERT_FILE"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, cfg := testenv.Kafka(t, 1, tc.kopts...)
			tc.config(&cfg)
			ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
			defer cancel()
			start := time.Now()
			err := cfg.Check(ctx, testenv.Logger(t))
			if err == nil {
				t.Fatal("check passed; want a refusal")
			}
			t.Logf("error: %v", err)
			if took := time.Since(start); took > 15*time.Second {
				t.Fatalf("check took %v to fail; want a prompt refusal", took)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not name %s: %v", w, err)
				}
			}
			if strings.Contains(err.Error(), "wrong-pass-7f3a9") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}
