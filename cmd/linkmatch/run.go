package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"syscall"

	"github.com/rs/zerolog"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/supervise"
)

// Exit codes (INTERFACE.md): 0 success; 1 failure while running; 2 bad usage
// or invalid input.
const (
	exitOK      = 0
	exitFailure = 1
	exitInvalid = 2
)

// usageError is bad usage of the command line: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errHelp means --help was asked for and printed: exit 0.
var errHelp = errors.New("help printed")

// errNotBuilt marks a command whose capability does not exist yet: exit 1,
// nothing written, never made-up results.
var errNotBuilt = errors.New("not built yet")

func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &ue), errors.Is(err, input.ErrInvalid), errors.Is(err, output.ErrRefused):
		return exitInvalid
	default:
		return exitFailure
	}
}

// env is what every command gets: its streams and logger, the janitor its
// output batches report their temporary files to, the input size limits,
// and whether messages are JSON.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            zerolog.Logger
	janitor        *output.Janitor
	limits         inputfile.Limits
	json           bool
	// bars: draw progress bars on stderr (a terminal, without --quiet or
	// JSON logs).
	bars bool
}

// batch returns a new output batch for the command: its temporary files
// known to the janitor, the output "-" going to standard output.
func (e *env) batch() *output.Batch {
	return &output.Batch{Janitor: e.janitor, Stdout: e.stdout}
}

// command is one subcommand.
type command struct {
	name    string
	args    string // the positional arguments and key flags, for usage lines
	summary string // one line for the command list
	help    string // paragraphs for --help, written for social-care professionals
	// setup declares the command's own flags on fs and returns the function
	// that runs the command with the positional arguments once flags are parsed.
	setup func(fs *flag.FlagSet) runFunc
}

type runFunc func(ctx context.Context, e *env, args []string) error

// commonFlags are accepted by every command.
type commonFlags struct {
	logFormat  string
	quiet      bool
	verbose    bool
	maxInputMB int64
	// cpuProfile and memProfile are files for developers' profiles.
	cpuProfile, memProfile string
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.logFormat, "log-format", "console", "how to write log messages and problems: console (for people) or json (for machines)")
	fs.BoolVar(&c.quiet, "quiet", false, "only log warnings and errors")
	fs.BoolVar(&c.verbose, "verbose", false, "log details of every step")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "for developers: write a CPU profile of the command to this file (go tool pprof)")
	fs.StringVar(&c.memProfile, "memprofile", "", "for developers: write a memory profile (every allocation, and the heap at the end) to this file")
	fs.Int64Var(&c.maxInputMB, "max-input-mb", 0, fmt.Sprintf("read CSV and GeoJSON files of up to this many MB (default %d; larger files are refused)", inputfile.DefaultMaxCSV/inputfile.MB))
}

// run runs one command line against the given streams, as main does but
// in this process and without a janitor (for tests).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runWith(ctx, args, stdin, stdout, stderr, nil)
}

// runWith runs one command line; j, when set, learns of every temporary
// file the command makes, so that a stopped command can be cleaned up.
func runWith(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, j *output.Janitor) error {
	cmds := commands()
	if len(args) == 0 {
		printOverview(stderr, cmds)
		return usagef("no command given")
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := findCommand(cmds, args[1]); ok {
				fs := newFlagSet(c, new(commonFlags))
				c.setup(fs)
				printCommandHelp(stdout, c, fs)
				return nil
			}
			return usagef("unknown command %q; run \"linkmatch help\" for the list", args[1])
		}
		printOverview(stdout, cmds)
		return nil
	case "version", "--version":
		fmt.Fprintln(stdout, "linkmatch", version())
		return nil
	}
	c, ok := findCommand(cmds, name)
	if !ok {
		err := usagef("unknown command %q; run \"linkmatch help\" for the list", name)
		fmt.Fprintf(stderr, "linkmatch: %v\n", err)
		return err
	}
	var common commonFlags
	fs := newFlagSet(c, &common)
	runCmd := c.setup(fs)
	pos, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		printCommandHelp(stdout, c, fs)
		return errHelp
	}
	if err != nil {
		err = usagef("%v (run \"linkmatch %s --help\")", err, c.name)
		fmt.Fprintf(stderr, "linkmatch %s: %v\n", c.name, err)
		return err
	}
	logger, err := newLogger(stderr, common)
	if err != nil {
		fmt.Fprintf(stderr, "linkmatch %s: %v\n", c.name, err)
		return err
	}
	if common.maxInputMB < 0 {
		err := usagef("--max-input-mb must be a positive number of megabytes")
		fmt.Fprintf(stderr, "linkmatch %s: %v\n", c.name, err)
		return err
	}
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, log: logger.With().Str("command", c.name).Logger(),
		janitor: j, limits: inputfile.DefaultLimits().Raised(common.maxInputMB), json: common.logFormat == "json",
		bars: drawBars(stderr, common.quiet, common.logFormat == "json")}
	stopProfiles, err := startProfiles(common.cpuProfile, common.memProfile)
	if err != nil {
		fmt.Fprintf(stderr, "linkmatch %s: %v\n", c.name, err)
		return err
	}
	err = settle(ctx, runCmd(ctx, e, pos))
	if perr := stopProfiles(); perr != nil {
		e.log.Warn().Err(perr).Msg("the profile could not be written")
	}
	if err != nil {
		reportError(e, c.name, err)
	}
	return err
}

// settle gives the error of a command stopped by a signal as that:
// whatever the stage it was in said, the signal is why it failed.
func settle(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		if cause := context.Cause(ctx); errors.Is(cause, supervise.ErrStopped) {
			return cause
		}
	}
	return err
}

// reportError prints an error for a person — every input problem on its
// own line, then what happened — or, with --log-format json, as JSON log
// events (problems.go). Control characters are escaped either way.
func reportError(e *env, name string, err error) {
	var inv *input.InvalidError
	if errors.As(err, &inv) {
		n := 0
		for _, p := range inv.Problems {
			if !p.Warning {
				n++
			}
		}
		summary := fmt.Sprintf("the input is not valid (%d problem%s); nothing was written", n, plural(n))
		if e.json {
			for _, p := range inv.Problems {
				logProblemEvent(e.log, p)
			}
			e.log.Error().Int("problems", n).Msg(summary)
			return
		}
		for _, p := range inv.Problems {
			fmt.Fprintln(e.stderr, output.Printable(p.Error()))
		}
		fmt.Fprintf(e.stderr, "linkmatch %s: %s\n", name, summary)
		return
	}
	switch {
	case errors.Is(err, supervise.ErrCrashed):
		return // already said
	case errors.Is(err, syscall.EPIPE):
		return // the reader of standard output went away (… | head): nothing to say to it
	}
	if e.json {
		e.log.Error().Int("exit_code", exitCode(err)).Msg(err.Error())
		return
	}
	// An error of several lines (an internal error listing what went
	// wrong) prints line by line, each line made printable on its own.
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		lines[i] = output.Printable(l)
	}
	fmt.Fprintf(e.stderr, "linkmatch %s: %s\n", name, strings.Join(lines, "\n"))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func findCommand(cmds []command, name string) (command, bool) {
	for _, c := range cmds {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func newFlagSet(c command, common *commonFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("linkmatch "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	common.register(fs)
	return fs
}

// parseInterspersed parses flags wherever they appear among the positional
// arguments, so both "plan SCENARIO --out x" and "plan --out x SCENARIO" work.
// A lone "--" ends flag parsing.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func printOverview(w io.Writer, cmds []command) {
	fmt.Fprint(w, `linkmatch matches link carers to children living in residential children's
homes, across council borders, and turns each chosen link into a dated,
costed step-down plan to a long-term foster family.

Usage: linkmatch COMMAND [ARGUMENTS] [FLAGS]

Commands:
`)
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run "linkmatch COMMAND --help" for what a command needs and writes.
Exit codes: 0 success; 1 failure while running; 2 bad usage or invalid input.
`)
}

func printCommandHelp(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: linkmatch %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.summary))
	if h := strings.TrimSpace(c.help); h != "" {
		fmt.Fprintf(w, "\n%s\n", h)
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	fmt.Fprintln(w, "\nFlags:")
	for _, n := range names {
		f := fs.Lookup(n)
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "  --%-14s %s%s\n", n, f.Usage, def)
	}
}

// version is the module version when built with module info, else "dev".
func version() string { return buildVersion() }
