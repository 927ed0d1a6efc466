package main

import (
	"context"
	"embed"
	"flag"
	"io"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/cli"
	"github.com/linkmatch/linkmatch/internal/output"
)

// The command framework is internal/cli's; these names keep the commands'
// files short.
type (
	command = cli.Command
	env     = cli.Env
	runFunc = cli.RunFunc
)

func usagef(format string, args ...any) error       { return cli.Usagef(format, args...) }
func exitCode(err error) int                        { return cli.ExitCode(err) }
func plural(n int) string                           { return cli.Plural(n) }
func noFlags(r runFunc) func(*flag.FlagSet) runFunc { return cli.NoFlags(r) }

// logProblem logs one input warning by its place, kind and hint.
func logProblem(e *env, p input.Problem) { cli.LogProblem(e.Log, p) }

// app is linkmatch's commands under internal/cli.
func app() cli.App {
	return cli.App{Name: "linkmatch", Version: version(), Commands: commands(),
		Intro: `linkmatch matches link carers to children living in residential children's
homes, across council borders, and turns each chosen link into a dated,
costed step-down plan to a long-term foster family. It also plans
Family Link short breaks (scenario.toml: scheme = "short_breaks"): children
living at home linked with carers for regular breaks, with a written
agreement for each link and costs paid by the session.`}
}

// runWith runs one command line; j, when set, learns of every temporary
// file the command makes, so that a stopped command can be cleaned up.
func runWith(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, j *output.Janitor) error {
	return app().Run(ctx, args, stdin, stdout, stderr, j)
}

// helpTexts are the commands' manuals, one text file each (help/NAME.txt),
// written for social-care professionals.
//
//go:embed help/*.txt
var helpTexts embed.FS

// helpText is the manual of the command name, for its --help ("" when
// it has none: TestEveryCommandHasHelp fails).
func helpText(name string) string {
	b, _ := helpTexts.ReadFile("help/" + name + ".txt")
	return string(b)
}

// forceFlag declares --force for a command that writes outputs: without
// it, the command refuses to replace a file that does not look like its
// own earlier output (output.Batch.Force, runout.CheckRunDir).
func forceFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("force", false, "replace files in the output place even when they do not look like this command's earlier outputs (a file of your own, or another command's)")
}
