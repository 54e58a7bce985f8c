package stage

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Parallel calls fn(0..n-1) on every core and waits. A stage's per-record
// work (decoding, parsing, encoding) is independent from record to record;
// the loop that runs it is not.
func Parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		}()
	}
	wg.Wait()
}
