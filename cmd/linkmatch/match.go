package main

func matchCommand() command {
	return command{
		name:    "match",
		args:    "SCENARIO --out matches.csv  or  --pairs pairs.csv --carers carers.csv --out matches.csv",
		summary: "choose the set of links (optimal, stable or greedy)",
		setup:   noFlags(notBuilt("choosing links")),
	}
}
