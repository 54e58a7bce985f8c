package stage

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNoDatabase is what the transaction of a stage run without PostgreSQL
// answers to every statement.
var ErrNoDatabase = errors.New("no PostgreSQL: this run stores nothing (a benchmark of the stage without its writes)")

// Stored says whether tx stores what is written with it: false for the
// stand-in a loop without PostgreSQL passes its processor, which then
// skips its writes.
func Stored(tx pgx.Tx) bool {
	_, none := tx.(noDB)
	return tx != nil && !none
}

// NoDB is the stand-in: what a processor is given by a loop without
// PostgreSQL, and by benchmarks of a processor alone.
var NoDB pgx.Tx = noDB{}

// noDB is the transaction of a loop without PostgreSQL: a processor never
// gets a nil one, and one that writes anyway gets ErrNoDatabase.
type noDB struct{}

func (noDB) Begin(context.Context) (pgx.Tx, error) { return nil, ErrNoDatabase }
func (noDB) Commit(context.Context) error          { return ErrNoDatabase }
func (noDB) Rollback(context.Context) error        { return ErrNoDatabase }
func (noDB) CopyFrom(context.Context, pgx.Identifier, []string, pgx.CopyFromSource) (int64, error) {
	return 0, ErrNoDatabase
}
func (noDB) SendBatch(context.Context, *pgx.Batch) pgx.BatchResults { return noBatch{} }
func (noDB) LargeObjects() pgx.LargeObjects                         { return pgx.LargeObjects{} }
func (noDB) Prepare(context.Context, string, string) (*pgconn.StatementDescription, error) {
	return nil, ErrNoDatabase
}
func (noDB) Exec(context.Context, string, ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, ErrNoDatabase
}
func (noDB) Query(context.Context, string, ...any) (pgx.Rows, error) { return nil, ErrNoDatabase }
func (noDB) QueryRow(context.Context, string, ...any) pgx.Row        { return noRow{} }
func (noDB) Conn() *pgx.Conn                                         { return nil }

// noBatch answers ErrNoDatabase; the methods it does not define are
// pgx's own, never reached from a batch that failed.
type noBatch struct{ pgx.BatchResults }

func (noBatch) Exec() (pgconn.CommandTag, error) { return pgconn.CommandTag{}, ErrNoDatabase }
func (noBatch) Query() (pgx.Rows, error)         { return nil, ErrNoDatabase }
func (noBatch) QueryRow() pgx.Row                { return noRow{} }
func (noBatch) Close() error                     { return ErrNoDatabase }

type noRow struct{}

func (noRow) Scan(...any) error { return ErrNoDatabase }
