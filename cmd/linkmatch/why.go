package main

import (
	"context"
)

func whyCommand() command {
	return command{
		Name:    "why",
		Args:    "SCENARIO CHILD CARER",
		Summary: "every rule and score part for one child and carer, in words",
		Help:    helpText("why"),
		Setup: noFlags(func(ctx context.Context, e *env, args []string) error {
			if len(args) != 3 {
				return usagef("give SCENARIO CHILD CARER, for example: linkmatch why my-scheme/ C001 K023")
			}
			s, err := loadScorer(e, args[0], nil)
			if err != nil {
				return err
			}
			child, ok := s.ChildIndex(args[1])
			if !ok {
				return usagef("there is no child %q in the scenario's children file", args[1])
			}
			carer, ok := s.CarerIndex(args[2])
			if !ok {
				return usagef("there is no carer %q in the scenario's carers file", args[2])
			}
			w := s.Why(child, carer)
			return w.WriteText(e.Stdout)
		}),
	}
}
