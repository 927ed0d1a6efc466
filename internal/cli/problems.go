package cli

import (
	"github.com/linkmatch/linkmatch/input"
	"github.com/rs/zerolog"
)

// LogProblem logs one input problem as an event: its place, kind,
// message and hint as fields (JSON for programs with --log-format json);
// warnings at warn level, errors at error level. zerolog escapes control
// characters in JSON strings, and the console writer (log.go) in text.
func LogProblem(log zerolog.Logger, p input.Problem) {
	ev := log.Error()
	if p.Warning {
		ev = log.Warn()
	}
	ev = ev.Str("file", p.File)
	if p.Line > 0 {
		ev = ev.Int("line", p.Line)
	}
	if p.Column > 0 {
		ev = ev.Int("column", p.Column)
	}
	if p.ColumnName != "" {
		ev = ev.Str("column_name", p.ColumnName)
	}
	if p.Kind != "" {
		ev = ev.Str("kind", string(p.Kind))
	}
	if p.Hint != "" {
		ev = ev.Str("hint", p.Hint)
	}
	ev.Msg(p.Message)
}
