// duration.go - the oracle for krender's Go durations: prints "ARG -> time.ParseDuration(ARG).String()"
// (or "(as written)" when Go rejects it). Used only to regenerate the table in
// tests/unit/test_diff.c (test_durations_match_go): go run tests/oracle/duration.go ARGS...
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	for _, a := range os.Args[1:] {
		d, err := time.ParseDuration(a)
		if err != nil {
			fmt.Printf("%s -> (as written)\n", a)
			continue
		}
		fmt.Printf("%s -> %s\n", a, d.String())
	}
}
