package main

func scoreCommand() command {
	return command{
		name:    "score",
		args:    "SCENARIO --out pairs.csv",
		summary: "every eligible child–carer pair with its score and its parts",
		setup:   noFlags(notBuilt("scoring child–carer pairs")),
	}
}
