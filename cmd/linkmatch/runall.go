package main

func runCommand() command {
	return command{
		name:    "run",
		args:    "SCENARIO --out DIR",
		summary: "the whole pipeline: score, match, plan, cost, report",
		help: `Runs every stage on one scenario and writes all outputs into DIR, with a
run.json recording input checksums, settings, counts and timings so the
run can be audited and repeated.`,
		setup: noFlags(notBuilt("the whole-pipeline run command")),
	}
}
