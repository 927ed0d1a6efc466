package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/linkmatch/linkmatch/internal/output"
)

// stopSignals stop a command: Ctrl-C (SIGINT), a polite kill (SIGTERM) and
// a closed terminal or session (SIGHUP).
var stopSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// graceStop is how long a stopped command has to return by itself, having
// noticed its cancelled context, before serve removes its temporary files
// and ends the program anyway: a stage that does not check its context
// (a long loop in a library) must not keep the program running.
const graceStop = 500 * time.Millisecond

// errStopped is the error of a command stopped by a signal: exit 1,
// nothing written.
var errStopped = errors.New("stopped")

// stoppedError names the signal that stopped a command.
type stoppedError struct{ sig os.Signal }

func (e stoppedError) Error() string {
	return fmt.Sprintf("stopped by %s; nothing was written", signalName(e.sig))
}

func (e stoppedError) Unwrap() error { return errStopped }

func signalName(s os.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "an interrupt (SIGINT, Ctrl-C)"
	case syscall.SIGTERM:
		return "a request to stop (SIGTERM)"
	case syscall.SIGHUP:
		return "the terminal closing (SIGHUP)"
	}
	return "a signal (" + s.String() + ")"
}

// runner runs one command line; runWith is the real one, and tests stand
// in others.
type runner func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, j *output.Janitor) error

// serve runs the command line args in this process and returns its exit
// code. A stop signal cancels the command's context; the command then
// returns by itself (its batches remove their temporary files), or, if it
// has not within graceStop, serve removes every temporary file through the
// janitor and returns exit 1, so the program stops within about a second
// at any stage.
func serve(args []string, run runner, stdin io.Reader, stdout, stderr io.Writer, j *output.Janitor) int {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, stopSignals...)
	defer signal.Stop(sigs)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	done := make(chan int, 1)
	go func() { done <- exitCode(run(ctx, args, stdin, stdout, stderr, j)) }()
	select {
	case code := <-done:
		return code
	case sig := <-sigs:
		cancel(stoppedError{sig})
		select {
		case code := <-done:
			return code
		case <-time.After(graceStop):
			failed := j.Clean()
			fmt.Fprintf(stderr, "linkmatch: %v\n", stoppedError{sig})
			for _, p := range failed {
				fmt.Fprintf(stderr, "linkmatch: could not remove the temporary file %s\n", printable(p))
			}
			return exitFailure
		}
	}
}

// recovering wraps run so that a panic of the command's own goroutine
// removes the temporary files and ends in exit 1 with one line: the best
// that can be done in a process with no supervisor (supervise_unix.go).
func recovering(run runner) runner {
	return func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, j *output.Janitor) (err error) {
		defer func() {
			if r := recover(); r != nil {
				j.Clean()
				fmt.Fprintf(stderr, "linkmatch: internal error: the program crashed (%s); nothing was written\n", printable(fmt.Sprint(r)))
				err = errCrashed
			}
		}()
		return run(ctx, args, stdin, stdout, stderr, j)
	}
}

// errCrashed is a crash already reported: exit 1.
var errCrashed = errors.New("crashed")
