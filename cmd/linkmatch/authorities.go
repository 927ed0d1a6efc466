package main

func authoritiesCommand() command {
	return command{
		name:    "authorities",
		args:    "--boundaries FILE.geojson [--points points.csv] --out FILE.csv",
		summary: "authorities, their neighbours, and which authority each point is in",
		setup:   noFlags(notBuilt("the authorities command")),
	}
}
