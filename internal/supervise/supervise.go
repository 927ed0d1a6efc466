// Package supervise runs a command-line program so that it ends the way
// its users are promised: exit 1 for a crash, never Go's 2 (which means
// "your input is wrong"), and a prompt, clean stop on SIGINT, SIGTERM or
// SIGHUP, with no temporary file left behind.
//
// Go's runtime ends a program with exit status 2 when it
// crashes — a panic in any goroutine, a fatal error, running out of memory
// — and exit 2 means "your input is wrong" to the program's users. recover()
// cannot help: it sees only panics of its own goroutine, and neither fatal
// errors nor out-of-memory. So the program runs each command in a child
// process of itself and turns the child's ending into the program's exit
// status:
//
//   - the child's own statuses: 0, 1, and childInvalid for exit 2;
//   - anything else — the runtime's 2, or death by a signal the child did
//     not ask for (the kernel's out-of-memory killer) — is a crash: exit 1
//     with one line on standard error, the runtime's report saved to a file
//     for a bug report.
//
// The child's standard error (fd 2), where the runtime writes its crash
// report, is a pipe to the parent; the child writes its own messages to
// fd 3, the parent's standard error. The child also tells the parent, on
// fd 4, every temporary file and folder it makes and gives up (the
// janitor's Notify), so that the parent can remove them after a crash or a
// kill. Signals: the parent passes SIGINT, SIGTERM and SIGHUP on to the
// child, which stops within about a second (serve); a child that has not
// ended killAfter after the first of them is killed.
package supervise

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/linkmatch/linkmatch/internal/output"
)

// The exit statuses a supervised program ends with: 0 success, 1 failure
// while running (a crash or a stop included), 2 bad usage or input.
const (
	exitOK      = 0
	exitFailure = 1
	exitInvalid = 2
)

// Runner runs one command line against the given streams; j learns of
// every temporary file the command makes, so that a stopped or crashed
// command can be cleaned up after.
type Runner func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, j *output.Janitor) error

// Program is a command-line program to supervise.
type Program struct {
	// Name starts the program's own messages ("linkmatch: stopped by …")
	// and names the environment variable that marks its child process
	// (NAME_CHILD) and its crash reports.
	Name string
	// Run runs a command line.
	Run Runner
	// ExitCode is the program's exit status for Run's error: 0, 1 or 2.
	ExitCode func(error) int
}

func (p Program) childEnv() string { return strings.ToUpper(p.Name) + "_CHILD" }

// stopSignals stop a command: Ctrl-C (SIGINT), a polite kill (SIGTERM) and
// a closed terminal or session (SIGHUP).
var stopSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// graceStop is how long a stopped command has to return by itself, having
// noticed its cancelled context, before serve removes its temporary files
// and ends the program anyway: a stage that does not check its context
// (a long loop in a library) must not keep the program running.
const graceStop = 500 * time.Millisecond

// ErrStopped is the error of a command stopped by a signal: exit 1,
// nothing written.
var ErrStopped = errors.New("stopped")

// stoppedError names the signal that stopped a command.
type stoppedError struct{ sig os.Signal }

func (e stoppedError) Error() string {
	return fmt.Sprintf("stopped by %s; nothing was written", signalName(e.sig))
}

func (e stoppedError) Unwrap() error { return ErrStopped }

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

// serve runs the command line args in this process and returns its exit
// code. A stop signal cancels the command's context; the command then
// returns by itself (its batches remove their temporary files), or, if it
// has not within graceStop, serve removes every temporary file through the
// janitor and returns exit 1, so the program stops within about a second
// at any stage.
func (p Program) serve(args []string, run Runner, stdin io.Reader, stdout, stderr io.Writer, j *output.Janitor) int {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, stopSignals...)
	defer signal.Stop(sigs)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	done := make(chan int, 1)
	go func() { done <- p.ExitCode(run(ctx, args, stdin, stdout, stderr, j)) }()
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
			fmt.Fprintf(stderr, "%s: %v\n", p.Name, stoppedError{sig})
			for _, path := range failed {
				fmt.Fprintf(stderr, "%s: could not remove the temporary file %s\n", p.Name, output.Printable(path))
			}
			return exitFailure
		}
	}
}

// recovering wraps run so that a panic of the command's own goroutine
// removes the temporary files and ends in exit 1 with one line: the best
// that can be done in a process with no supervisor (supervise_unix.go).
func (p Program) recovering(run Runner) Runner {
	return func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, j *output.Janitor) (err error) {
		defer func() {
			if r := recover(); r != nil {
				j.Clean()
				fmt.Fprintf(stderr, "%s: internal error: the program crashed (%s); nothing was written\n", p.Name, output.Printable(fmt.Sprint(r)))
				err = ErrCrashed
			}
		}()
		return run(ctx, args, stdin, stdout, stderr, j)
	}
}

// ErrCrashed is a crash already reported: exit 1.
var ErrCrashed = errors.New("crashed")
