package main

func costCommand() command {
	return command{
		name:    "cost",
		args:    "SCENARIO --timeline timeline.csv --from DATE --to DATE --out costs.csv",
		summary: "itemised payments to carers for a timeline",
		setup:   noFlags(notBuilt("costing")),
	}
}
