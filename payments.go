package linkmatch

// Payments are a scheme's flat payment settings, scenario.toml [payments]:
// the amounts that do not depend on the carer's tier or the child's age
// (those are in the rates table, Rate).
type Payments struct {
	// RetainerWeekly is paid per child linked, per week (seed 000 and seed
	// 001 §6: £100), pro rata by day for a part week.
	RetainerWeekly Pence
	// MileagePerMile is paid per mile the carer drives to and from the
	// child: 45p is HMRC's approved mileage allowance rate for the first
	// 10,000 business miles in a tax year. The seeds say mileage is
	// claimable (seed 001 §6) but give no rate.
	MileagePerMile Pence
	// Overnight is how a night the child stays with the carer is paid.
	Overnight OvernightRule
}

// OvernightRule is how a scheme pays a night a child stays over. Seed 001 §6
// pays "pro-rata/respite rates for every night a child stays over" without
// publishing them; seed 000 pays a weekend, Saturday morning to Sunday
// tea-time, as "a day and a half". Councils choose.
type OvernightRule uint8

// Overnight rules.
const (
	// OvernightPerNight pays each night at the rates table's overnight
	// rate for the carer's tier and the child's age (seed 001 §6).
	OvernightPerNight OvernightRule = iota
	// OvernightDayAndHalf pays each night as a day and a half: one full
	// day plus one half day from the rates table (seed 000's weekend).
	OvernightDayAndHalf
)

var overnightRuleNames = [...]string{"per_night", "day_and_half"}

// OvernightRuleNames returns the spellings of OvernightRule in scenario.toml.
func OvernightRuleNames() []string { return append([]string(nil), overnightRuleNames[:]...) }

func (r OvernightRule) String() string {
	if int(r) < len(overnightRuleNames) {
		return overnightRuleNames[r]
	}
	return "unknown"
}

// ParseOvernightRule reads "per_night" or "day_and_half".
func ParseOvernightRule(s string) (OvernightRule, bool) {
	for i, n := range overnightRuleNames {
		if s == n {
			return OvernightRule(i), true
		}
	}
	return 0, false
}
