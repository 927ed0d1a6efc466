// Command linkmatch scores and optimally matches link carers to children in
// residential children's homes, and turns each link into a dated, costed
// step-down plan. Run "linkmatch help" for the commands.
package main

import (
	"os"

	"github.com/linkmatch/linkmatch/internal/supervise"
)

func main() {
	os.Exit(program(runWith).Main(os.Args[1:]))
}

// program is linkmatch run under internal/supervise: each command in a
// child process, so that a crash exits 1 rather than Go's 2 and a stop
// signal ends it promptly with nothing written.
func program(run supervise.Runner) supervise.Program {
	return supervise.Program{Name: "linkmatch", Run: run, ExitCode: exitCode}
}
