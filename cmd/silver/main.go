// Command silver is not built yet; see the issues.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "silver: not built yet")
	os.Exit(1)
}
