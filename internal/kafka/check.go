package kafka

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
)

// checkAttempt bounds one metadata request of Check.
const checkAttempt = 10 * time.Second

// Check makes sure the cluster takes this configuration: it sends one
// metadata request, which needs the TCP connection, the TLS handshake and
// SASL authentication to succeed. Without it a client with a wrong
// password or CA retries inside franz-go forever, and all anyone sees is
// a binary stuck "starting" or an "EOF".
//
// A broker that cannot be dialled (not up yet, a name not resolving yet)
// is waited for, as the stages wait for PostgreSQL: Check retries until
// ctx ends. A broker that answers the dial but then fails the handshake
// or the authentication will not change its mind: Check returns at once
// with an error naming the settings to look at.
func (c Config) Check(ctx context.Context, log *slog.Logger) error {
	cl, err := c.NewClient("check", log)
	if err != nil {
		return err
	}
	defer cl.Close()
	wait := 500 * time.Millisecond
	for {
		actx, cancel := context.WithTimeout(ctx, checkAttempt)
		err := cl.Ping(actx)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("kafka brokers %s: %w", strings.Join(c.Brokers, ","), err)
		}
		if !unreachable(err) {
			return c.explain(err)
		}
		log.Warn("Kafka unreachable; retrying", "brokers", c.Brokers, "err", err)
		select {
		case <-ctx.Done():
			return fmt.Errorf("kafka brokers %s: %w", strings.Join(c.Brokers, ","), err)
		case <-time.After(wait):
		}
		wait = min(2*wait, 10*time.Second)
	}
}

// unreachable says whether err is a failure to reach a broker at all (so
// worth waiting out), not a failure once connected.
func unreachable(err error) bool {
	if isTLSError(err) {
		return false
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns) || errors.Is(err, context.DeadlineExceeded)
}

func isTLSError(err error) bool {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	var ra tls.AlertError
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &ci) || errors.As(err, &ra) ||
		strings.Contains(err.Error(), "tls:")
}

// explain wraps a failure after connecting with what to check. Kafka
// brokers close the connection on a failed authentication, so the cause
// is often a bare EOF: the hint says which settings are in play.
func (c Config) explain(err error) error {
	where := strings.Join(c.Brokers, ",")
	var hints []string
	switch {
	case isTLSError(err):
		hints = append(hints, "the TLS handshake failed: check KAFKA_TLS_CA_FILE (the CA that signed the brokers' certificates, whose names must match KAFKA_BROKERS) and, if the brokers want a client certificate, KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE")
	case errors.Is(err, kerr.SaslAuthenticationFailed) || c.SASLMechanism != "":
		hints = append(hints, fmt.Sprintf("check KAFKA_SASL_MECHANISM (%s), KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD: brokers close the connection when authentication fails", c.SASLMechanism))
	default:
		hints = append(hints, "the brokers may want SASL (KAFKA_SASL_MECHANISM) or TLS (KAFKA_TLS)")
	}
	if !c.tlsOn() && c.SASLMechanism != "" {
		hints = append(hints, "or TLS (KAFKA_TLS=true), if the listener wants it")
	}
	return fmt.Errorf("kafka brokers %s: connected, but the broker refused the client: %w; %s", where, err, strings.Join(hints, "; "))
}

func (c Config) tlsOn() bool { return c.TLS || c.TLSCAFile != "" || c.TLSCertFile != "" }
