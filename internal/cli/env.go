package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// WriteFile writes the command's one output, path, with fn and commits
// it: all of it or nothing.
func (e *Env) WriteFile(path string, fn func(io.Writer) error) error {
	b := e.Batch()
	err := b.Write(path, fn)
	if err == nil {
		err = b.Commit()
	}
	return err
}

// Say prints lines of results for a person on standard output or, when
// standard output holds an output file (one given as -), logs each line.
func (e *Env) Say(stdoutIsFile bool, text string) {
	if !stdoutIsFile {
		fmt.Fprint(e.Stdout, text)
		if !strings.HasSuffix(text, "\n") {
			fmt.Fprintln(e.Stdout)
		}
		return
	}
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		e.Log.Info().Msg(strings.TrimSpace(line))
	}
}

// softMemoryLimit is the heap size a long run asks Go's garbage collector
// to keep under (runtime/debug.SetMemoryLimit): by default the collector
// lets the heap grow to twice what is live, which took a national run
// (7,000 children, 45,000 carers) to 2.2 GB of memory when at most 1.1 GB
// was ever live, against issue 15's 1 GiB. A national run now holds at
// most about 650 MiB live (while planning, and while its report is made),
// so 750 MiB leaves the collector room: at 900 MiB its maximum resident
// memory was 950 MB, at 750 MiB about 820 MB for no more CPU, at 700 MiB
// 812 MB but 4 s more CPU, the collector running back to back while the
// plan is collected. It is a soft limit: a run that needs more still
// runs, the collector then working harder (never with more than half the
// CPU).
const softMemoryLimit = 750 << 20

// LimitMemory sets softMemoryLimit for a long run, unless GOMEMLIMIT in
// the environment sets a limit of its own.
func LimitMemory() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(softMemoryLimit)
	}
}
