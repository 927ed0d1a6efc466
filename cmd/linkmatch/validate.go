package main

func validateCommand() command {
	return command{
		name:    "validate",
		args:    "SCENARIO",
		summary: "check every input file and list all problems",
		setup:   noFlags(notBuilt("validation")),
	}
}
