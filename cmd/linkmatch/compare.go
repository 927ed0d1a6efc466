package main

func compareCommand() command {
	return command{
		Name:    "compare",
		Args:    "RUN_DIR_A RUN_DIR_B",
		Summary: "what changed between two runs (not built yet)",
		Help:    helpText("compare"),
		Setup:   noFlags(notBuilt("comparing two runs")),
	}
}
