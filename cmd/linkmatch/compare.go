package main

func compareCommand() command {
	return command{
		Name:    "compare",
		Args:    "RUN_DIR_A RUN_DIR_B",
		Summary: "what changed between two runs",
		Help: `Lists the children whose proposed link changed between two runs, how many
more or fewer children are linked, and how scores and costs moved.`,
		Setup: noFlags(notBuilt("comparing two runs")),
	}
}
