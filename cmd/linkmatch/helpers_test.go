package main

import (
	"context"
	"io"

	"github.com/linkmatch/linkmatch/internal/cli"
)

// Exit codes (INTERFACE.md): 0 success; 1 failure while running; 2 bad
// usage or invalid input.
const (
	exitOK      = cli.ExitOK
	exitFailure = cli.ExitFailure
	exitInvalid = cli.ExitInvalid
)

// run runs one command line against the given streams, as main does but
// in this process and without a janitor.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runWith(ctx, args, stdin, stdout, stderr, nil)
}

// settle gives the error of a command stopped by a signal as that.
func settle(ctx context.Context, err error) error { return cli.Settle(ctx, err) }
