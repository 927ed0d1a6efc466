// Command linkmatch scores and optimally matches link carers to children in
// residential children's homes, and turns each link into a dated, costed
// step-down plan. Run "linkmatch help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err))
}
