package main

func compareCommand() command {
	return command{
		name:    "compare",
		args:    "RUN_DIR_A RUN_DIR_B",
		summary: "what changed between two runs",
		help: `Lists the children whose proposed link changed between two runs, how many
more or fewer children are linked, and how scores and costs moved.`,
		setup: noFlags(notBuilt("comparing two runs")),
	}
}
