// Package cli is the command framework of linkmatch: a table of commands,
// each with its own flags and help, the flags every command shares
// (logging, profiles, input limits), flags parsed wherever they appear
// among the arguments, help rendered for people, and errors mapped to exit
// codes (0 success; 1 failure while running; 2 bad usage or invalid input)
// and printed, every input problem on its own line. It knows nothing of
// children or carers: cmd/linkmatch declares the commands.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/linkmatch/linkmatch/internal/english"
	"io"
	"sort"
	"strings"
	"syscall"

	"github.com/rs/zerolog"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/progress"
	"github.com/linkmatch/linkmatch/internal/supervise"
)

// Exit codes (INTERFACE.md): 0 success; 1 failure while running; 2 bad usage
// or invalid input.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitInvalid = 2
)

// usageError is bad usage of the command line: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// maxInputMB is the most --max-input-mb may raise the input limit to: a
// terabyte, beyond any scheme's files (and within an int64 of bytes).
const maxInputMB = 1 << 20

// Usagef is a usage error: exit 2, with its message.
func Usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// ErrHelp means --help was asked for and printed: exit 0.
var ErrHelp = errors.New("help printed")

// ErrNotBuilt marks a command whose capability does not exist yet: exit 1,
// nothing written, never made-up results.
var ErrNotBuilt = errors.New("not built yet")

func ExitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, ErrHelp):
		return ExitOK
	case errors.As(err, &ue), errors.Is(err, input.ErrInvalid), errors.Is(err, output.ErrRefused):
		return ExitInvalid
	default:
		return ExitFailure
	}
}

// Env is what every command gets: its streams and logger, the janitor its
// output batches report their temporary files to, the input size limits,
// and whether messages are JSON.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Log            zerolog.Logger
	Janitor        *output.Janitor
	Limits         inputfile.Limits
	JSON           bool
	// Bars: draw progress bars on stderr (a terminal, without --quiet or
	// JSON logs).
	Bars bool
	// Force: the command's --force, letting its batches replace files that
	// do not look like its earlier outputs (output.Batch.Force).
	Force bool
}

// Batch returns a new output batch for the command: its temporary files
// known to the janitor, the output "-" going to standard output, files
// not like its earlier outputs replaced only with --force.
func (e *Env) Batch() *output.Batch {
	return &output.Batch{Janitor: e.Janitor, Stdout: e.Stdout, Force: e.Force}
}

// Command is one subcommand.
type Command struct {
	Name    string
	Args    string // the positional arguments and key flags, for usage lines
	Summary string // one line for the command list
	Help    string // paragraphs for --help, written for social-care professionals
	// Setup declares the command's own flags on fs and returns the function
	// that runs the command with the positional arguments once flags are parsed.
	Setup func(fs *flag.FlagSet) RunFunc
}

// RunFunc runs a command with its positional arguments.
type RunFunc func(ctx context.Context, e *Env, args []string) error

// App is a program of commands.
type App struct {
	Name     string    // the program's name, as users type it
	Intro    string    // what the program does, first in its help
	Version  string    // printed by "version"
	Commands []Command // in the order help lists them
}

// NoFlags is the setup of a command without flags of its own.
func NoFlags(r RunFunc) func(fs *flag.FlagSet) RunFunc {
	return func(*flag.FlagSet) RunFunc { return r }
}

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
	fs.Int64Var(&c.maxInputMB, "max-input-mb", 0, fmt.Sprintf("raise the size limit of CSV and GeoJSON inputs to this many MB, 0 or more (the limit is %d MB, and never lower; larger files are refused)", inputfile.DefaultMaxCSV/inputfile.MB))
}

// Run runs one command line; j, when set, learns of every temporary
// file the command makes, so that a stopped command can be cleaned up.
func (a App) Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, j *output.Janitor) error {
	cmds := a.Commands
	if len(args) == 0 {
		a.printOverview(stderr)
		return Usagef("no command given")
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := findCommand(cmds, args[1]); ok {
				fs := newFlagSet(c, new(commonFlags))
				c.Setup(fs)
				a.printCommandHelp(stdout, c, fs)
				return nil
			}
			return Usagef("unknown command %q; run \"%s help\" for the list", args[1], a.Name)
		}
		a.printOverview(stdout)
		return nil
	case "version", "--version":
		fmt.Fprintln(stdout, a.Name, a.Version)
		return nil
	}
	c, ok := findCommand(cmds, name)
	if !ok {
		err := Usagef("unknown command %q; run \"%s help\" for the list", name, a.Name)
		fmt.Fprintf(stderr, "%s: %v\n", a.Name, err)
		return err
	}
	var common commonFlags
	fs := newFlagSet(c, &common)
	runCmd := c.Setup(fs)
	pos, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		a.printCommandHelp(stdout, c, fs)
		return ErrHelp
	}
	if err != nil {
		err = Usagef("%v (run \"%s %s --help\")", err, a.Name, c.Name)
		fmt.Fprintf(stderr, "%s %s: %v\n", a.Name, c.Name, err)
		return err
	}
	logger, err := newLogger(stderr, common)
	if err != nil {
		fmt.Fprintf(stderr, "%s %s: %v\n", a.Name, c.Name, err)
		return err
	}
	if common.maxInputMB < 0 || common.maxInputMB > maxInputMB {
		err := Usagef("--max-input-mb must be 0 or more, and at most %d (megabytes; 0 keeps the %d MB limit)", maxInputMB, inputfile.DefaultMaxCSV/inputfile.MB)
		fmt.Fprintf(stderr, "%s %s: %v\n", a.Name, c.Name, err)
		return err
	}
	e := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Log: logger.With().Str("command", c.Name).Logger(),
		Janitor: j, Limits: inputfile.DefaultLimits().Raised(common.maxInputMB), JSON: common.logFormat == "json",
		Bars: progress.Draw(stderr, common.quiet, common.logFormat == "json")}
	stopProfiles, err := startProfiles(common.cpuProfile, common.memProfile)
	if err != nil {
		fmt.Fprintf(stderr, "%s %s: %v\n", a.Name, c.Name, err)
		return err
	}
	err = Settle(ctx, runCmd(ctx, e, pos))
	if perr := stopProfiles(); perr != nil {
		e.Log.Warn().Err(perr).Msg("the profile could not be written")
	}
	if err != nil {
		reportError(e, a.Name+" "+c.Name, err)
	}
	return err
}

// Settle gives the error of a command stopped by a signal as that:
// whatever the stage it was in said, the signal is why it failed.
func Settle(ctx context.Context, err error) error {
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
func reportError(e *Env, name string, err error) {
	var inv *input.InvalidError
	if errors.As(err, &inv) {
		n := 0
		for _, p := range inv.Problems {
			if !p.Warning {
				n++
			}
		}
		summary := fmt.Sprintf("the input is not valid (%d problem%s); nothing was written", n, Plural(n))
		if e.JSON {
			for _, p := range inv.Problems {
				LogProblem(e.Log, p)
			}
			e.Log.Error().Int("problems", n).Msg(summary)
			return
		}
		for _, p := range inv.Problems {
			fmt.Fprintln(e.Stderr, output.Printable(p.Error()))
		}
		fmt.Fprintf(e.Stderr, "%s: %s\n", name, summary)
		return
	}
	switch {
	case errors.Is(err, supervise.ErrCrashed):
		return // already said
	case errors.Is(err, syscall.EPIPE):
		return // the reader of standard output went away (… | head): nothing to say to it
	}
	if e.JSON {
		e.Log.Error().Int("exit_code", ExitCode(err)).Msg(err.Error())
		return
	}
	// An error of several lines (an internal error listing what went
	// wrong) prints line by line, each line made printable on its own.
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		lines[i] = output.Printable(l)
	}
	fmt.Fprintf(e.Stderr, "%s: %s\n", name, strings.Join(lines, "\n"))
}

// Plural is "s" for any number but 1.
func Plural(n int) string { return english.S(n) }

func findCommand(cmds []Command, name string) (Command, bool) {
	for _, c := range cmds {
		if c.Name == name {
			return c, true
		}
	}
	return Command{}, false
}

func newFlagSet(c Command, common *commonFlags) *flag.FlagSet {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
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

func (a App) printOverview(w io.Writer) {
	fmt.Fprintf(w, "%s\n\nUsage: %s COMMAND [ARGUMENTS] [FLAGS]\n\nCommands:\n", strings.TrimSpace(a.Intro), a.Name)
	for _, c := range a.Commands {
		fmt.Fprintf(w, "  %-12s %s\n", c.Name, c.Summary)
	}
	fmt.Fprintf(w, "\nRun \"%s COMMAND --help\" for what a command needs and writes.\n"+
		"Exit codes: 0 success; 1 failure while running; 2 bad usage or invalid input.\n", a.Name)
}

func (a App) printCommandHelp(w io.Writer, c Command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: %s %s %s\n\n%s\n", a.Name, c.Name, c.Args, strings.TrimSpace(c.Summary))
	if h := strings.TrimSpace(c.Help); h != "" {
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
