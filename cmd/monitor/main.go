// Command monitor is not built yet; see the issues.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "monitor: not built yet")
	os.Exit(1)
}
