package main

func demoCommand() command {
	return command{
		name:    "demo",
		args:    "[--out DIR]",
		summary: "run the built-in Somerset demo scenario end to end",
		setup:   noFlags(notBuilt("the demo")),
	}
}
