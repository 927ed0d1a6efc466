package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/match"
)

func shortlistCommand() command {
	return command{
		Name:    "shortlist",
		Args:    "SCENARIO --top K --out shortlist.csv",
		Summary: "the best K carers for each child, with reasons in plain words",
		Help:    helpText("shortlist"),
		Setup: func(fs *flag.FlagSet) runFunc {
			top := fs.Int("top", 5, "how many carers to list for each child")
			out := fs.String("out", "", "the shortlist.csv file to write (required; - for standard output)")
			return func(ctx context.Context, e *env, args []string) error {
				if err := oneScenario(args); err != nil {
					return err
				}
				if *out == "" {
					return usagef("give --out, the shortlist.csv file to write (- for standard output)")
				}
				if *top < 1 {
					return usagef("--top must be 1 or more, not %d", *top)
				}
				s, err := loadScorer(e, args[0], output.Paths{}.Add(*out, "--out"))
				if err != nil {
					return err
				}
				start := time.Now()
				rows, err := s.Shortlist(ctx, *top)
				if err != nil {
					return fmt.Errorf("shortlist: %w", err)
				}
				err = e.WriteFile(*out, func(w io.Writer) error { return match.WriteShortlistCSV(w, s, rows) })
				if err != nil {
					return fmt.Errorf("shortlist: %w", err)
				}
				e.Log.Info().Int("rows", len(rows)).Int("children_without_carer", match.Unlisted(rows)).
					Dur("took_ms", time.Since(start)).Str("out", *out).Msg("shortlist written")
				return nil
			}
		},
	}
}
