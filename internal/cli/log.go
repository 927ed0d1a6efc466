package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
)

// newLogger builds the one logger of a run (STYLE.md: built in cmd, passed
// down). Console output is for people (coloured only on a terminal); json is
// for machines. Log events carry ids and counts only — never names, dates of
// birth or addresses (PRODUCT.md, data protection).
func newLogger(w io.Writer, c commonFlags) (zerolog.Logger, error) {
	level := zerolog.InfoLevel
	switch {
	case c.quiet && c.verbose:
		return zerolog.Nop(), Usagef("--quiet and --verbose cannot be used together")
	case c.quiet:
		level = zerolog.WarnLevel
	case c.verbose:
		level = zerolog.DebugLevel
	}
	switch c.logFormat {
	case "json":
		return zerolog.New(w).Level(level).With().Timestamp().Logger(), nil
	case "console", "":
		noColor := true
		if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
			noColor = false
		}
		cw := zerolog.ConsoleWriter{Out: w, NoColor: noColor, TimeFormat: time.TimeOnly,
			// Messages are written raw by default; escape what a terminal
			// would act on (field values are quoted and escaped already).
			FormatMessage: func(i any) string {
				if i == nil {
					return ""
				}
				m := output.Printable(fmt.Sprint(i))
				if !noColor && m != "" {
					m = "\x1b[1m" + m + "\x1b[0m"
				}
				return m
			}}
		return zerolog.New(cw).Level(level).With().Timestamp().Logger(), nil
	}
	return zerolog.Nop(), Usagef("--log-format must be console or json, not %q", c.logFormat)
}
