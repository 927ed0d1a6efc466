//go:build !unix

package main

import (
	"os"

	"github.com/linkmatch/linkmatch/internal/output"
)

// entry runs the command line in this process: child processes with extra
// file descriptors (supervise_unix.go) need a Unix system. A panic of the
// command's own goroutine still exits 1.
func entry(args []string, run runner) int {
	return serve(args, recovering(run), os.Stdin, os.Stdout, os.Stderr, &output.Janitor{})
}
