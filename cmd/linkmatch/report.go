package main

func reportCommand() command {
	return command{
		name:    "report",
		args:    "RUN_DIR --out report.html",
		summary: "self-contained HTML report of a run, for a fostering panel",
		help: `Turns the outputs of "linkmatch run" into one HTML file a panel can open
in a browser or print: a map of authorities, homes, carers and links, each
child's proposed link with its explanation and runners-up, a timeline per
link, and the costs.`,
		setup: noFlags(notBuilt("the HTML panel report")),
	}
}
