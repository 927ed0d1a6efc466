package main

func generateCommand() command {
	return command{
		name:    "generate",
		args:    "--children N --carers M --seed S --out DIR",
		summary: "a synthetic scenario of any size, for trials and training",
		setup:   noFlags(notBuilt("the scenario generator")),
	}
}
