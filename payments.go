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
	// StayDays pays a stay (an overnight, a weekend, a few days) its nights
	// and, as well, the days the child is in the carer's care during it
	// (StayDaysOf), each at the rates table's full_day or half_day rate;
	// without it a weekend is one day and a half and an overnight its
	// nights alone. Seed 001 §6 pays respite rates "for every night a
	// child stays over" and seed 002's Family Link carers "an allowance
	// ... for all sessions undertaken": a short break's days in care are
	// sessions too, so short-breaks scenarios default to true
	// (scenario.toml [payments] stay_days); step-down schemes default to
	// false, keeping seed 000's weekend as "a day and a half".
	StayDays bool
	// RetainerDefault and MileageDefault are set when the scenario does not
	// give RetainerWeekly or MileagePerMile and the scheme's default is
	// used, so that an explanation of a cost never names a setting the
	// scenario's file does not contain.
	RetainerDefault, MileageDefault bool
}

// Stay days: an arrival before noon makes the first day a full day in care
// and one before the evening a half day; a departure after tea-time makes
// the last day a full day and one after the morning a half day. Seed 000
// pays "Saturday morning to Sunday tea-time" as a day and a half: a full
// Saturday and half a Sunday.
const (
	stayMorning Clock = 10 * 60 // a departure by 10:00 leaves no day in care (the night's morning)
	stayNoon    Clock = 12 * 60 // an arrival by noon is a full first day
	stayEvening Clock = 17 * 60 // an arrival from 17:00 is the night's evening, no day in care
	stayTeaTime Clock = 17 * 60 // a departure by tea-time is half a last day
)

// StayDaysOf counts the days in care of a stay from date at start to
// endDate at end, beside its nights (Payments.StayDays): every whole day
// between arrival and departure is a full day; the arrival day is a full
// day when the child arrives by noon, a half day when before 17:00, and
// none from 17:00 (the evening belongs to the night); the departure day is
// none when the child leaves by 10:00 (the night's morning), a half day
// by 17:00 (tea-time) and a full day after. A stay without times (both
// 00:00, as in a timeline typed with dates only) has no day counted for
// an overnight, and seed 000's day and a half for a weekend.
func StayDaysOf(kind SessionKind, date Date, start Clock, endDate Date, end Clock) (full, half int) {
	if start == 0 && end == 0 {
		if kind == KindDayAndHalf {
			return 1, 1
		}
		return 0, 0
	}
	if endDate <= date {
		return 0, 0 // not a stay: no night
	}
	full = int(endDate-date) - 1 // the whole days between
	switch {
	case start < stayNoon:
		full++
	case start < stayEvening:
		half++
	}
	switch {
	case end > stayTeaTime:
		full++
	case end > stayMorning:
		half++
	}
	return full, half
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
