package main

func planCommand() command {
	return command{
		name:    "plan",
		args:    "SCENARIO --matches matches.csv --out timeline.csv",
		summary: "a dated step-down schedule for each link",
		setup:   noFlags(notBuilt("transition planning")),
	}
}
