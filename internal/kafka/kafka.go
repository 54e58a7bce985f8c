// Package kafka builds franz-go clients from configuration (brokers, SASL,
// TLS), names the pipeline's topics and creates them.
package kafka

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/songnodes/pipeline/internal/config"
)

// Record sizes. franz-go's producer batches hold up to 1,000,012 bytes,
// within Kafka's default message.max.bytes (1,048,588); a record must fit
// in a batch with room to spare for the headers a dead letter adds.
const (
	DefaultMaxRecordBytes = 512 << 10
	MaxRecordBytes        = 900_000
)

// Config says how to reach the cluster and how to create topics.
type Config struct {
	Brokers       []string
	SASLMechanism string // "", PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
	SASLUser      string
	SASLPassword  string
	TLS           bool
	TLSCAFile     string
	TLSCertFile   string
	TLSKeyFile    string

	Topics      Topics
	Partitions  int // for topics the pipeline creates
	Replication int // -1: the broker's default

	LogLevel kgo.LogLevel // of franz-go's own logs; zero: warnings and errors
}

// DefaultConfig is the configuration an empty environment gives: a broker
// at 127.0.0.1:9092, plaintext, topics under "songnodes", 6 partitions.
func DefaultConfig() Config {
	return Config{Brokers: []string{"127.0.0.1:9092"}, Topics: Topics{Prefix: "songnodes"}, Partitions: 6, Replication: -1, LogLevel: kgo.LogLevelWarn}
}

// ConfigFromEnv reads KAFKA_* and TOPIC_* settings.
func ConfigFromEnv(e *config.Env) Config {
	d := DefaultConfig()
	c := Config{
		Brokers:       e.HostPorts("KAFKA_BROKERS", d.Brokers),
		SASLMechanism: e.OneOf("KAFKA_SASL_MECHANISM", "none", "none", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"),
		SASLUser:      e.String("KAFKA_SASL_USERNAME", ""),
		SASLPassword:  e.String("KAFKA_SASL_PASSWORD", ""),
		TLS:           e.Bool("KAFKA_TLS", false),
		TLSCAFile:     e.String("KAFKA_TLS_CA_FILE", ""),
		TLSCertFile:   e.String("KAFKA_TLS_CERT_FILE", ""),
		TLSKeyFile:    e.String("KAFKA_TLS_KEY_FILE", ""),
		Topics:        Topics{Prefix: e.String("TOPIC_PREFIX", d.Topics.Prefix)},
		Partitions:    e.Int("TOPIC_PARTITIONS", d.Partitions, 1, 10000),
		Replication:   e.Int("TOPIC_REPLICATION", d.Replication, -1, 32),
	}
	switch e.OneOf("KAFKA_LOG_LEVEL", "warn", "debug", "info", "warn", "error") {
	case "debug":
		c.LogLevel = kgo.LogLevelDebug
	case "info":
		c.LogLevel = kgo.LogLevelInfo
	case "error":
		c.LogLevel = kgo.LogLevelError
	default:
		c.LogLevel = kgo.LogLevelWarn
	}
	if c.SASLMechanism == "none" {
		c.SASLMechanism = ""
	}
	if c.SASLMechanism != "" && (c.SASLUser == "" || c.SASLPassword == "") {
		e.Fail("KAFKA_SASL_USERNAME", "and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM=%s", c.SASLMechanism)
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		e.Fail("KAFKA_TLS_CERT_FILE", "and KAFKA_TLS_KEY_FILE must be set together")
	}
	if !validPrefix.MatchString(c.Topics.Prefix) {
		e.Fail("TOPIC_PREFIX", "%q must be letters, digits, '_' or '-'", c.Topics.Prefix)
	}
	return c
}

var validPrefix = regexp.MustCompile(`^[A-Za-z0-9_-]{1,100}$`)

// CheckPrefix says what is wrong with a topic prefix given as a flag.
func CheckPrefix(prefix string) error {
	if !validPrefix.MatchString(prefix) {
		return fmt.Errorf("topic prefix %q must be letters, digits, '_' or '-'", prefix)
	}
	return nil
}

// Opts returns the client options every client of the pipeline shares.
func (c Config) Opts(clientID string, log *slog.Logger) ([]kgo.Opt, error) {
	opts := []kgo.Opt{
		kgo.SeedBrokers(c.Brokers...),
		kgo.ClientID(clientID),
		kgo.WithLogger(logger{l: log.With("component", "kafka", "client", clientID), level: c.LogLevel}),
		// New raw topics (a new source) are found within this time.
		kgo.MetadataMaxAge(15 * time.Second),
	}
	if c.TLS || c.TLSCAFile != "" || c.TLSCertFile != "" {
		tc, err := c.tlsConfig()
		if err != nil {
			return nil, err
		}
		opts = append(opts, kgo.DialTLSConfig(tc))
	}
	switch c.SASLMechanism {
	case "PLAIN":
		opts = append(opts, kgo.SASL(plain.Auth{User: c.SASLUser, Pass: c.SASLPassword}.AsMechanism()))
	case "SCRAM-SHA-256":
		opts = append(opts, kgo.SASL(scram.Auth{User: c.SASLUser, Pass: c.SASLPassword}.AsSha256Mechanism()))
	case "SCRAM-SHA-512":
		opts = append(opts, kgo.SASL(scram.Auth{User: c.SASLUser, Pass: c.SASLPassword}.AsSha512Mechanism()))
	}
	return opts, nil
}

func (c Config) tlsConfig() (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.TLSCAFile != "" {
		pem, err := os.ReadFile(c.TLSCAFile)
		if err != nil {
			return nil, fmt.Errorf("KAFKA_TLS_CA_FILE: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("KAFKA_TLS_CA_FILE: no PEM certificate in %s", c.TLSCAFile)
		}
		tc.RootCAs = pool
	}
	if c.TLSCertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.TLSCertFile, c.TLSKeyFile)
		if err != nil {
			return nil, fmt.Errorf("KAFKA_TLS_CERT_FILE/KAFKA_TLS_KEY_FILE: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// NewClient returns a client with the shared options (Opts) and opts.
func (c Config) NewClient(clientID string, log *slog.Logger, opts ...kgo.Opt) (*kgo.Client, error) {
	base, err := c.Opts(clientID, log)
	if err != nil {
		return nil, err
	}
	return kgo.NewClient(append(base, opts...)...)
}

// NewAdmin returns an admin client.
func (c Config) NewAdmin(clientID string, log *slog.Logger) (*kadm.Client, error) {
	cl, err := c.NewClient(clientID, log)
	if err != nil {
		return nil, err
	}
	return kadm.NewClient(cl), nil
}

// TopicSpec is a topic to create if it does not exist.
type TopicSpec struct {
	Name    string
	Configs map[string]*string
}

// Compacted returns a spec for a log-compacted topic: the latest value per
// key is the truth.
func Compacted(name string) TopicSpec {
	policy := "compact"
	return TopicSpec{Name: name, Configs: map[string]*string{"cleanup.policy": &policy}}
}

// EnsureTopics creates the topics that do not exist yet, with the
// configured partition count and replication. Topics that exist are left
// as they are, whatever their settings.
func (c Config) EnsureTopics(ctx context.Context, adm *kadm.Client, specs ...TopicSpec) error {
	var errs []error
	for _, s := range specs {
		resp, err := adm.CreateTopic(ctx, int32(c.Partitions), int16(c.Replication), s.Configs, s.Name)
		if err == nil {
			err = resp.Err
		}
		if err != nil && !errors.Is(err, kerr.TopicAlreadyExists) {
			errs = append(errs, fmt.Errorf("create topic %s: %w", s.Name, err))
		}
	}
	return errors.Join(errs...)
}

// logger adapts slog to kgo.Logger. franz-go logs at info about every
// group and transaction step, so the default passes on warnings and errors
// only (KAFKA_LOG_LEVEL).
type logger struct {
	l     *slog.Logger
	level kgo.LogLevel
}

func (l logger) Level() kgo.LogLevel {
	if l.level == kgo.LogLevelNone {
		return kgo.LogLevelWarn
	}
	return l.level
}

func (l logger) Log(level kgo.LogLevel, msg string, keyvals ...any) {
	var lvl slog.Level
	switch level {
	case kgo.LogLevelError:
		lvl = slog.LevelError
	case kgo.LogLevelWarn:
		lvl = slog.LevelWarn
	case kgo.LogLevelInfo:
		lvl = slog.LevelInfo
	default:
		lvl = slog.LevelDebug
	}
	l.l.Log(context.Background(), lvl, msg, keyvals...)
}
