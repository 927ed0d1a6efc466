//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/supervise"
)

// The supervisor tests run this test binary as linkmatch itself: with
// LINKMATCH_TEST_MAIN=run it does what main does (supervising a child copy
// of itself); with LINKMATCH_TEST_MAIN=<mode> the child runs a command that
// misbehaves in that way instead of a real one. These modes exist only in
// the test binary: nothing in linkmatch itself can be made to crash on
// purpose.
const testMainEnv = "LINKMATCH_TEST_MAIN"

func TestMain(m *testing.M) {
	switch mode := os.Getenv(testMainEnv); mode {
	case "":
		os.Exit(m.Run())
	case "run":
		os.Exit(program(runWith).Main(os.Args[1:]))
	default:
		os.Exit(program(misbehave(mode)).Main(os.Args[1:]))
	}
}

// misbehave is a command that stages one output in the folder named by
// its only argument, so there is a temporary file to clean up, tells the
// test it is ready by printing "staged" on standard output, and then
// misbehaves.
func misbehave(mode string) supervise.Runner {
	return func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, j *output.Janitor) error {
		// Report as runWith does.
		err := settle(ctx, misbehaving(ctx, mode, args, stdout, j))
		if err != nil {
			fmt.Fprintf(stderr, "linkmatch test: %v\n", err)
		}
		return err
	}
}

func misbehaving(ctx context.Context, mode string, args []string, stdout io.Writer, j *output.Janitor) error {
	b := &output.Batch{Janitor: j}
	w, err := b.Create(filepath.Join(args[0], "sub", "out.csv"))
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "half an output")
	fmt.Fprintln(stdout, "staged")
	if f, ok := stdout.(*os.File); ok {
		// A pipe cannot be synced (EINVAL); anything else is a real failure.
		if err := f.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
			return err
		}
	}
	switch mode {
	case "panic-in-goroutine":
		go func() { panic("a bug in a worker") }()
		select {}
	case "panic":
		panic("a bug in the command")
	case "fatal-error":
		var mu sync.Mutex
		mu.Unlock() // "fatal error: sync: unlock of unlocked mutex": no recover() can catch it
	case "out-of-memory":
		// Cap the address space so the runtime runs out of memory
		// quickly, then keep allocating.
		if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: 1 << 30, Max: 1 << 30}); err != nil {
			return err
		}
		var keep [][]byte
		for {
			keep = append(keep, make([]byte, 64<<20))
			keep[len(keep)-1][0] = 1
		}
	case "killed":
		// As the kernel's out-of-memory killer would.
		if err := syscall.Kill(os.Getpid(), syscall.SIGKILL); err != nil {
			return err
		}
		select {}
	case "ignores-signals":
		// A stage that never looks at its context.
		for {
			time.Sleep(time.Hour)
		}
	case "honours-signals":
		<-ctx.Done()
		b.Abort()
		return ctx.Err()
	case "invalid":
		b.Abort()
		return usagef("a made-up usage error")
	}
	return b.Commit()
}

// lm starts this test binary as linkmatch in the given mode.
func lm(t *testing.T, mode string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer, io.ReadCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), testMainEnv+"="+mode, "TMPDIR="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, nil, &stderr, stdout
}

// wait waits for the process, failing the test if it has not ended after
// a minute (a hang); it returns the exit status.
func wait(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(time.Minute):
		if err := cmd.Process.Kill(); err != nil {
			t.Log(err)
		}
		t.Fatal("the program did not end: it hangs")
		return -1
	}
}

// waitStaged reads the child's "staged" line.
func waitStaged(t *testing.T, stdout io.Reader) {
	t.Helper()
	buf := make([]byte, 7)
	if _, err := io.ReadFull(stdout, buf); err != nil || string(buf) != "staged\n" {
		t.Fatalf("the command did not start: %q, %v", buf, err)
	}
}

// leftovers lists every file and folder under dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCrashesExitOne: however the command crashes — a panic in its own
// goroutine or another, a fatal runtime error, running out of memory, or
// being killed — linkmatch exits 1 (never 2, "your input is wrong") with
// one line on standard error, and the temporary file and the folder made
// for it are gone.
func TestCrashesExitOne(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	tests := []struct {
		mode string
		says string
	}{
		{"panic", "panic: a bug in the command"},
		{"panic-in-goroutine", "panic: a bug in a worker"},
		{"fatal-error", "fatal error: sync: unlock of unlocked mutex"},
		{"out-of-memory", "out of memory"},
		{"killed", "killed by the system"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			if tt.mode == "out-of-memory" && (runtime.GOOS != "linux" || raceEnabled) {
				t.Skip("RLIMIT_AS caps the memory of a program built without -race, on Linux")
			}
			dir := t.TempDir()
			cmd, _, stderr, stdout := lm(t, tt.mode, dir)
			waitStaged(t, stdout)
			if _, err := io.Copy(io.Discard, stdout); err != nil {
				t.Error(err)
			}
			code := wait(t, cmd)
			if code != exitFailure {
				t.Errorf("exit %d, want 1", code)
			}
			msg := strings.TrimSpace(stderr.String())
			if strings.Count(msg, "\n") != 0 || !strings.HasPrefix(msg, "linkmatch: ") || !strings.Contains(msg, tt.says) {
				t.Errorf("stderr is not one line saying %q:\n%s", tt.says, msg)
			}
			if left := leftovers(t, dir); len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
			if i := strings.Index(msg, "saved in "); i >= 0 {
				report := strings.TrimSpace(msg[i+len("saved in "):])
				data, err := os.ReadFile(report)
				if err != nil || !strings.Contains(string(data), "goroutine") && !strings.Contains(string(data), "out of memory") {
					t.Errorf("crash report %s: %v\n%.200s", report, err, data)
				}
			}
		})
	}
}

// TestSignalsStop: SIGINT, SIGTERM and SIGHUP each stop a command that
// notices its context and one that never does, with exit 1, a message
// naming the signal, and no temporary file or new folder left.
func TestSignalsStop(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	for _, mode := range []string{"honours-signals", "ignores-signals"} {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
			t.Run(mode+"/"+sig.String(), func(t *testing.T) {
				dir := t.TempDir()
				cmd, _, stderr, stdout := lm(t, mode, dir)
				waitStaged(t, stdout)
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				code := wait(t, cmd)
				if code != exitFailure {
					t.Errorf("exit %d, want 1", code)
				}
				if msg := stderr.String(); !strings.Contains(msg, "stopped by") || !strings.Contains(msg, "nothing was written") {
					t.Errorf("stderr does not say it stopped:\n%s", msg)
				}
				if left := leftovers(t, dir); len(left) != 0 {
					t.Errorf("left behind: %v", left)
				}
			})
		}
	}
}

// TestSupervisedExitCodes: through the supervisor, real commands keep
// their exit codes — 0 success, 2 invalid input or usage — and their
// output.
func TestSupervisedExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	tests := []struct {
		mode string
		args []string
		code int
		out  string // on standard output
		err  string // on standard error
	}{
		{"run", []string{"validate", demoDir}, 0, "valid", ""},
		{"run", []string{"validate", filepath.Join(brokenDir, "born_in_future")}, 2, "date_of_birth", "not valid"},
		{"run", []string{"frobnicate"}, 2, "", "unknown command"},
		{"run", []string{"score", demoDir, "--out", "-", "--quiet"}, 0, "child_id,carer_id,score", ""},
		{"invalid", []string{"DIR"}, 2, "staged", "made-up usage error"},
	}
	for _, tt := range tests {
		t.Run(tt.mode+" "+strings.Join(tt.args, " "), func(t *testing.T) {
			args := tt.args
			dir := t.TempDir()
			if args[0] == "DIR" {
				args = []string{dir}
			}
			cmd, _, stderr, stdout := lm(t, tt.mode, args...)
			out, err := io.ReadAll(stdout)
			if err != nil {
				t.Error(err)
			}
			if code := wait(t, cmd); code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, stderr)
			}
			if !strings.Contains(string(out), tt.out) || !strings.Contains(stderr.String(), tt.err) {
				t.Errorf("stdout %q lacks %q or stderr %q lacks %q", out, tt.out, stderr, tt.err)
			}
			if left := leftovers(t, dir); len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// TestSignalStopsARealRun interrupts a real run of a generated scenario
// once its first output is staged (mid-way: the matching and planning are
// still to come), and checks that it ends with exit 1 and leaves no
// output, no temporary file and no output folder.
func TestSignalStopsARealRun(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and runs a scenario of 1,000 children")
	}
	sc := filepath.Join(t.TempDir(), "scenario")
	if code, _, stderr := runCapture(t, "generate", "--children", "1000", "--carers", "5000", "--seed", "3", "--out", sc, "--quiet"); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	// Without rates, so that nothing but the signal can make the run fail.
	toml := filepath.Join(sc, "scenario.toml")
	text := readFile(t, toml)
	text = []byte(strings.Replace(string(text), "rates = \"rates.csv\"\n", "", 1))
	if err := os.WriteFile(toml, text, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "run")
	cmd, _, stderr, stdout := lm(t, "run", "run", sc, "--out", out, "--quiet")
	drained := make(chan error, 1)
	go func() { _, err := io.Copy(io.Discard, stdout); drained <- err }()
	staged := false
	for deadline := time.Now().Add(time.Minute); !staged && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		entries, err := os.ReadDir(out)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		for _, e := range entries {
			staged = staged || strings.Contains(e.Name(), ".tmp-")
		}
	}
	if !staged {
		if err := cmd.Process.Kill(); err != nil {
			t.Log(err)
		}
		t.Fatal("the run never staged an output")
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	// Standard output is read to its end before Wait, which closes the
	// pipe: os/exec says Wait must not be called before the reads are
	// done (calling it first failed now and then with "file already
	// closed").
	select {
	case err := <-drained:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(time.Minute):
		if err := cmd.Process.Kill(); err != nil {
			t.Log(err)
		}
		t.Fatal("the program did not end: it hangs")
	}
	code := wait(t, cmd)
	if code != exitFailure {
		t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr.String(), "stopped by an interrupt") {
		t.Errorf("stderr does not say it was interrupted:\n%s", stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("the run left %s: %v", out, leftovers(t, out))
	}
}

// TestWorkerDiesWithParent: kill -9 of the process the user started (the
// supervisor) stops the worker too, which writes nothing and leaves no
// temporary file (a tryout found the worker finishing the run alone).
func TestWorkerDiesWithParent(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("starts processes; reads /proc (Linux)")
	}
	for _, mode := range []string{"honours-signals", "ignores-signals"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			cmd, _, _, stdout := lm(t, mode, dir)
			// The test kills the supervisor itself: this only makes sure of it
			// when the test stops early, so "process already finished" is
			// the usual answer, not a failure.
			t.Cleanup(func() { _ = cmd.Process.Kill() })
			waitStaged(t, stdout)
			// The worker is a child of whichever of the supervisor's
			// threads started it.
			tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", cmd.Process.Pid))
			if err != nil {
				t.Fatal(err)
			}
			var kids []byte
			for _, f := range tasks {
				b, err := os.ReadFile(f)
				if err != nil {
					continue // the thread ended after the glob: it has no children
				}
				kids = append(kids, b...)
			}
			worker, err := strconv.Atoi(strings.TrimSpace(string(kids)))
			if err != nil {
				t.Fatalf("the supervisor's children: %q", kids)
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			// Reap the supervisor only: cmd.Wait would wait for a worker
			// that outlives it (holding the stderr pipe).
			if _, err := cmd.Process.Wait(); err != nil {
				t.Fatal(err)
			}
			alive := func() bool {
				stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", worker))
				if err != nil {
					return false
				}
				// A zombie waiting to be reaped has stopped: field 3 is Z.
				f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
				return len(f) > 0 && f[0] != "Z"
			}
			deadline := time.Now().Add(30 * time.Second)
			for alive() && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			if alive() {
				_ = syscall.Kill(worker, syscall.SIGKILL) // clean up; the test fails either way
				t.Fatalf("the worker %d still runs 30 s after its supervisor was killed", worker)
			}
			if left := leftovers(t, dir); len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}
