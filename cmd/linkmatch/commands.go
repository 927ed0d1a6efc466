package main

import (
	"context"
	"flag"
	"fmt"
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
		return fmt.Errorf("%w: %s is not part of this version of linkmatch; nothing was written", errNotBuilt, what)
	}
}

// noFlags is the setup of a command without flags of its own.
func noFlags(r runFunc) func(fs *flag.FlagSet) runFunc {
	return func(*flag.FlagSet) runFunc { return r }
}
