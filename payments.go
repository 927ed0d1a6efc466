package linkmatch

// Payments are a scheme's flat payment settings, scenario.toml [payments]:
// the amounts that do not depend on the carer's tier or the child's age
// (those are in the rates table, Rate).
type Payments struct {
	// RetainerWeekly is paid per child linked, per week (seed 000 and seed
	// 001 §6: £100), pro rata by day for a part week.
	RetainerWeekly Pence
	// MileagePerMile is paid per mile the carer drives to and from the
	// child (45p, the HMRC-aligned rate of seed 001 §6).
	MileagePerMile Pence
}
