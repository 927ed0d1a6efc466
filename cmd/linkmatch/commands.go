package main

import (
	"context"
	"fmt"

	"github.com/linkmatch/linkmatch/internal/cli"
)

// commands lists every subcommand in the order "linkmatch help" shows them.
// Each lives in its own file.
func commands() []command {
	return []command{
		demoCommand(),
		validateCommand(),
		runCommand(),
		scoreCommand(),
		shortlistCommand(),
		whyCommand(),
		matchCommand(),
		planCommand(),
		costCommand(),
		authoritiesCommand(),
		reportCommand(),
		compareCommand(),
		generateCommand(),
	}
}

// notBuilt is the answer of a command whose capability does not exist yet:
// it says so plainly, writes nothing and exits 1.
func notBuilt(what string) runFunc {
	return func(ctx context.Context, e *env, args []string) error {
		return fmt.Errorf("%w: %s is not part of this version of linkmatch; nothing was written", cli.ErrNotBuilt, what)
	}
}
