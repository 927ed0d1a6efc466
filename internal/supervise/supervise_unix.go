//go:build unix

package supervise

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/linkmatch/linkmatch/internal/output"
)

const (
	childInvalid = 65 // the child's status for invalid input or usage (exit 2)
	killAfter    = 5 * time.Second
	crashKeep    = 1 << 20 // bytes of a crash report kept
)

// Main runs the command line args and returns the program's exit status:
// in a child process of this program when it can (supervise), else in this
// process.
func (p Program) Main(args []string) int {
	if os.Getenv(p.childEnv()) == "1" {
		return p.child(args)
	}
	if code, ok := p.supervise(args); ok {
		return code
	}
	return p.serveHere(args)
}

// serveHere runs the command in this process with no supervisor, turning
// a panic of the command's own goroutine into exit 1 (the best that can be
// done without one).
func (p Program) serveHere(args []string) int {
	return p.serve(args, p.recovering(p.Run), os.Stdin, os.Stdout, os.Stderr, &output.Janitor{})
}

// child is the command's process: messages to fd 3, temporary files
// reported on fd 4.
func (p Program) child(args []string) int {
	stderr := os.NewFile(3, "stderr")
	report := os.NewFile(4, "janitor")
	if stderr == nil || report == nil {
		return p.serveHere(args)
	}
	if _, err := stderr.Stat(); err != nil {
		return p.serveHere(args)
	}
	watchParent(p.parentEnv())
	// A closed pipe on standard output (linkmatch … --out - | head) is an
	// error to return and clean up after, not a signal that kills.
	signal.Ignore(syscall.SIGPIPE)
	var mu sync.Mutex
	j := &output.Janitor{Notify: func(path string, added bool) {
		mu.Lock()
		defer mu.Unlock()
		sign := "-"
		if added {
			sign = "+"
		}
		_, _ = io.WriteString(report, sign+path+"\n")
	}}
	code := p.serve(args, p.Run, os.Stdin, os.Stdout, stderr, j)
	if code == exitInvalid {
		return childInvalid
	}
	return code
}

// parentEnv names the variable giving the worker its supervisor's pid.
func (p Program) parentEnv() string { return strings.ToUpper(p.Name) + "_PARENT" }

// parentPoll is how often the worker checks that its supervisor lives.
const parentPoll = 200 * time.Millisecond

// watchParent stops the worker (SIGTERM to itself: it stops as on any
// SIGTERM, writing nothing) once its supervisor, whose pid the variable
// env gives, is no longer its parent: the supervisor was killed (kill -9
// of the process the user started), so nobody waits for the work and no
// output may appear after the user believes it stopped.
func watchParent(env string) {
	parent, err := strconv.Atoi(os.Getenv(env))
	if err != nil || parent <= 1 {
		return
	}
	go func() {
		for os.Getppid() == parent {
			time.Sleep(parentPoll)
		}
		_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
	}()
}

// supervise runs args in a child process and returns the program's
// exit status; ok is false when no child could be started.
func (p Program) supervise(args []string) (code int, ok bool) {
	exe, err := os.Executable()
	if err != nil {
		return 0, false
	}
	crashR, crashW, err := os.Pipe()
	if err != nil {
		return 0, false
	}
	reportR, reportW, err := os.Pipe()
	if err != nil {
		crashR.Close()
		crashW.Close()
		return 0, false
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), p.childEnv()+"=1", p.parentEnv()+"="+strconv.Itoa(os.Getpid()))
	dieWithParent(cmd)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, crashW
	cmd.ExtraFiles = []*os.File{os.Stderr, reportW}
	// Signals are the parent's to pass on: catch them before the child
	// starts, so none is missed.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, stopSignals...)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		crashR.Close()
		crashW.Close()
		reportR.Close()
		reportW.Close()
		return 0, false
	}
	crashW.Close()
	reportW.Close()

	var crash bytes.Buffer
	var temps tempSet
	var readers sync.WaitGroup
	readers.Add(2)
	go func() { defer readers.Done(); keepHead(&crash, crashR, crashKeep) }()
	go func() { defer readers.Done(); temps.read(reportR) }()

	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var stopped os.Signal
	var kill <-chan time.Time
	var werr error
wait:
	for {
		select {
		case werr = <-waited:
			break wait
		case s := <-sigs:
			_ = cmd.Process.Signal(s)
			if stopped == nil {
				stopped = s
				kill = time.After(killAfter)
			}
		case <-kill:
			_ = cmd.Process.Kill()
		}
	}
	readers.Wait()
	crashR.Close()
	reportR.Close()
	return p.verdict(werr, stopped, crash.Bytes(), temps.left()), true
}

// verdict turns the child's ending into the program's exit status, printing
// one line for a crash and removing any temporary files the child left.
func (p Program) verdict(werr error, stopped os.Signal, crash []byte, left []string) int {
	status, signalled := exitStatus(werr)
	if !signalled && (status == exitOK || status == exitFailure || status == childInvalid) {
		// The child ended by itself. Anything on its fd 2 was not a crash
		// (a library's warning, say): pass it on.
		_, _ = os.Stderr.Write(crash)
		p.removeLeft(left)
		if status == childInvalid {
			return exitInvalid
		}
		return status
	}
	p.removeLeft(left)
	switch {
	case signalled && stopped != nil:
		fmt.Fprintf(os.Stderr, "%s: %v\n", p.Name, stoppedError{stopped})
	case signalled && status == int(syscall.SIGKILL):
		fmt.Fprintln(os.Stderr, p.Name+": the program was killed by the system (SIGKILL), most often for using too much memory; nothing was written")
	default:
		fmt.Fprintln(os.Stderr, p.Name+": "+p.crashLine(werr, crash))
	}
	return exitFailure
}

// exitStatus is the child's exit status, or the number of the signal that
// ended it.
func exitStatus(err error) (status int, signalled bool) {
	if err == nil {
		return 0, false
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return int(ws.Signal()), true
		}
		return ee.ExitCode(), false
	}
	return -1, false
}

// crashLine is the one line said about a crash: its first line of the
// runtime's report, and where the whole report was saved.
func (p Program) crashLine(werr error, report []byte) string {
	first := strings.TrimSpace(string(report))
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = strings.TrimSpace(first[:i])
	}
	if first == "" && werr != nil {
		first = werr.Error()
	}
	line := "internal error: the program crashed (" + output.Printable(first) + "); nothing was written"
	if len(report) > 0 {
		if f, err := os.CreateTemp("", p.Name+"-crash-*.txt"); err == nil {
			_, _ = f.Write(report)
			_ = f.Close()
			line += "; please report it with the details saved in " + f.Name()
		}
	}
	return line
}

// keepHead copies the first n bytes of r into b and discards the rest.
func keepHead(b *bytes.Buffer, r io.Reader, n int64) {
	_, _ = io.Copy(b, io.LimitReader(r, n))
	_, _ = io.Copy(io.Discard, r)
}

// tempSet follows the child's "+path" and "-path" lines.
type tempSet struct {
	mu    sync.Mutex
	order []string
	live  map[string]bool
}

func (t *tempSet) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if len(line) < 2 {
			continue
		}
		t.mu.Lock()
		if t.live == nil {
			t.live = map[string]bool{}
		}
		p := line[1:]
		if line[0] == '+' {
			if !t.live[p] {
				t.order = append(t.order, p)
			}
			t.live[p] = true
		} else {
			delete(t.live, p)
		}
		t.mu.Unlock()
	}
}

// left lists the paths still taken, in the order first taken.
func (t *tempSet) left() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, p := range t.order {
		if t.live[p] {
			out = append(out, p)
		}
	}
	return out
}

func (p Program) removeLeft(left []string) {
	for _, path := range output.RemoveAll(left) {
		fmt.Fprintf(os.Stderr, "%s: could not remove the temporary file %s\n", p.Name, output.Printable(path))
	}
}
