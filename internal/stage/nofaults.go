//go:build !faults

package stage

import "github.com/twmb/franz-go/pkg/kgo"

// FaultsBuilt says whether this binary has the fault hooks (faults.go,
// built only with -tags faults for the fault suite): a production build
// has none, and never reads SONGNODES_FAULT.
const FaultsBuilt = false

func fault(FaultPoint) {}

func faultOpts() []kgo.Opt { return nil }
