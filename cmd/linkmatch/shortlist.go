package main

func shortlistCommand() command {
	return command{
		name:    "shortlist",
		args:    "SCENARIO --top K --out shortlist.csv",
		summary: "the best K carers for each child, with reasons in plain words",
		setup:   noFlags(notBuilt("the shortlist")),
	}
}
