package stage

// FaultPoint names a point of a batch where the fault suite can make the
// process kill itself (faults.go; a no-op without the build tag faults).
type FaultPoint string

const (
	// FaultBeforePostgres is where the batch is polled and decoded, nothing is
	// written to PostgreSQL yet.
	FaultBeforePostgres FaultPoint = "before-postgres"
	// FaultAfterPostgres is where the PostgreSQL transaction has committed,
	// nothing is produced to Kafka yet.
	FaultAfterPostgres FaultPoint = "after-postgres"
	// FaultAfterProduce is where the outputs are written to Kafka inside the open
	// transaction (read_uncommitted sees them), not committed.
	FaultAfterProduce FaultPoint = "after-produce"
	// FaultInEndTxn is where the EndTxn request has been sent, its answer not
	// read: the commit may or may not have happened.
	FaultInEndTxn FaultPoint = "in-endtxn"
	// FaultCommitted counts a committed batch; it never kills.
	FaultCommitted FaultPoint = "committed"
)

// FaultPoints are the points SONGNODES_FAULT may name, in batch order.
var FaultPoints = []FaultPoint{FaultBeforePostgres, FaultAfterPostgres, FaultAfterProduce, FaultInEndTxn}
