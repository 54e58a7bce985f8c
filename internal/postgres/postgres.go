// Package postgres opens the pgx pool every binary uses and applies the
// embedded schema migrations.
//
// Everything here works behind PgBouncer in transaction pooling: the pool
// uses pgx's exec mode unless the URL chooses another
// (default_query_exec_mode=...), sets nothing per session, and takes the
// migration lock per transaction (pg_advisory_xact_lock), never per session.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Open returns a pool for the database at rawURL and checks that it answers.
func Open(ctx context.Context, rawURL string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %s", redact(err.Error(), rawURL))
	}
	// The default statement cache breaks behind PgBouncer in transaction
	// pooling (a prepared statement lives on one server connection); exec
	// mode sends parameter types with each query and works everywhere.
	if !strings.Contains(rawURL, "default_query_exec_mode") {
		cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeExec
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to database %s: %w", Redact(rawURL), err)
	}
	return pool, nil
}

// Redact returns rawURL without its secrets, for messages: the password
// of the user part, and the password and sslpassword parameters pgx also
// takes in the query (or, in a key=value string, as keys).
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(a database URL that does not parse)"
	}
	if u.Scheme == "" { // host=... password=...
		return kvSecret.ReplaceAllString(rawURL, "${1}xxxxx")
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	for _, k := range secretParams {
		if q.Has(k) {
			q.Set(k, "xxxxx")
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

var (
	secretParams = []string{"password", "sslpassword"}
	kvSecret     = regexp.MustCompile(`((?:^|\s)(?:password|sslpassword)\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)
)

// redact removes rawURL's secrets from msg.
func redact(msg, rawURL string) string {
	for _, s := range secrets(rawURL) {
		msg = strings.ReplaceAll(msg, s, "xxxxx")
	}
	return msg
}

// secrets are the secret values in rawURL.
func secrets(rawURL string) []string {
	var out []string
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	if u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			out = append(out, p)
		}
	}
	for _, k := range secretParams {
		if v := u.Query().Get(k); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Limits bound one transaction. Statement is PostgreSQL's own
// statement_timeout (DATABASE_STATEMENT_TIMEOUT): the server cancels a
// statement that runs too long. It cannot help when the server, or the
// network to it, stops answering: nothing then comes back to say the
// statement was cancelled. Deadline (DATABASE_TIMEOUT) is the client's
// own bound on the whole transaction, from BEGIN to COMMIT, COPY
// included: when it passes, pgx drops the connection and the transaction
// fails with an error that names PostgreSQL and the setting.
type Limits struct {
	Statement time.Duration
	Deadline  time.Duration
}

// DefaultDeadline is DATABASE_TIMEOUT when it is unset: the statement
// timeout and half a minute more, so that the server's own timeout, which
// says which statement was slow, normally fires first.
func DefaultDeadline(statement time.Duration) time.Duration { return statement + 30*time.Second }

// ErrTimeout is what a transaction that ran past its Deadline fails with
// (wrapped, with the context's error).
var ErrTimeout = errors.New("PostgreSQL did not answer")

// Tx runs fn in a transaction with a statement timeout, committing when fn
// returns nil; the client's deadline is DefaultDeadline(timeout). SET
// LOCAL keeps the timeout to this transaction, which is what PgBouncer's
// transaction pooling allows.
func Tx(ctx context.Context, pool *pgxpool.Pool, timeout time.Duration, fn func(pgx.Tx) error) error {
	return TxWithin(ctx, pool, Limits{Statement: timeout, Deadline: DefaultDeadline(timeout)},
		func(_ context.Context, tx pgx.Tx) error { return fn(tx) })
}

// TxWithin runs fn in a transaction bounded by lim, committing when fn
// returns nil. fn gets the context that carries the deadline: what it
// runs, on tx or on the pool, must use it to be bounded too.
func TxWithin(ctx context.Context, pool *pgxpool.Pool, lim Limits, fn func(context.Context, pgx.Tx) error) error {
	dctx := ctx
	if lim.Deadline > 0 {
		var cancel context.CancelFunc
		dctx, cancel = context.WithTimeoutCause(ctx, lim.Deadline, ErrTimeout)
		defer cancel()
	}
	err := pgx.BeginFunc(dctx, pool, func(tx pgx.Tx) error {
		if lim.Statement > 0 {
			if _, err := tx.Exec(dctx, fmt.Sprintf("SET LOCAL statement_timeout = %d", lim.Statement.Milliseconds())); err != nil {
				return err
			}
		}
		return fn(dctx, tx)
	})
	if err != nil && ctx.Err() == nil && errors.Is(context.Cause(dctx), ErrTimeout) {
		// Our deadline, not the caller's: say so, naming the setting,
		// rather than a bare "context deadline exceeded" or "timeout:
		// read tcp ... i/o timeout".
		return fmt.Errorf("%w within DATABASE_TIMEOUT (%s): %w", ErrTimeout, lim.Deadline, err)
	}
	return err
}

// IsDataError reports whether err is PostgreSQL refusing the data itself,
// so that retrying the same rows cannot succeed:
//
//   - SQLSTATE class 22, data exception (a value out of range, ...);
//   - class 23, integrity violation, except unique violations: two writers
//     racing on one natural key (a zombie replica) resolve on retry;
//   - a COPY that pgx aborted because it could not encode a value: the
//     server reports the client's CopyFail as query_canceled (57014) with
//     the message "COPY from stdin failed: ...", unlike a statement
//     timeout, which is also 57014 and is transient.
func IsDataError(err error) bool {
	var pe *pgconn.PgError
	if !errAs(err, &pe) {
		return false
	}
	switch {
	case strings.HasPrefix(pe.Code, "22"):
		return true
	case strings.HasPrefix(pe.Code, "23"):
		return pe.Code != "23505"
	case pe.Code == "57014":
		return strings.HasPrefix(pe.Message, "COPY from stdin failed:")
	}
	return false
}

// LockKeys takes the transaction-scoped advisory locks of keys in one
// round trip, in key order, so that transactions locking overlapping sets
// of keys cannot deadlock. namespace keeps one use's keys apart from
// another's.
func LockKeys(ctx context.Context, tx pgx.Tx, namespace string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `SELECT count(pg_advisory_xact_lock(hashtextextended($1 || k, 0)))
		FROM (SELECT DISTINCT unnest($2::text[]) AS k ORDER BY 1) s`, namespace+":", keys)
	if err != nil {
		return fmt.Errorf("lock %s: %w", namespace, err)
	}
	return nil
}

// ErrNotDurable is what CheckSynchronousCommit fails with when PostgreSQL
// acknowledges commits before they are safe.
var ErrNotDurable = errors.New("synchronous_commit is off")

// CheckSynchronousCommit makes sure a commit PostgreSQL acknowledges
// survives a crash of the server. A stage commits its PostgreSQL
// transaction, then its Kafka offsets: with synchronous_commit=off the
// server acknowledges a commit before its WAL is flushed, a server crash
// loses the last batches' rows, and the offsets already committed in
// Kafka never bring those records back. on, remote_write, remote_apply and
// local all flush the WAL locally before acknowledging; off does not. The
// value read is the one the stage's sessions get, so a setting made per
// database or per role (ALTER DATABASE ... SET) is seen too.
func CheckSynchronousCommit(ctx context.Context, pool *pgxpool.Pool) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var v string
	if err := pool.QueryRow(ctx, "SHOW synchronous_commit").Scan(&v); err != nil {
		return fmt.Errorf("read synchronous_commit: %w", err)
	}
	if strings.EqualFold(v, "off") {
		return ErrNotDurable
	}
	return nil
}
