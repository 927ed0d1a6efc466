package linkmatch

// Rate is one row of a carer payment table (INTERFACE.md rates.csv): the
// amount paid per unit of care for a tier and an age band, in force from a
// date until a later table replaces it. Seed 000 gives the worked example
// (half day £14.93 for a 14-year-old); seed 001 §7 the day-care table by age
// band and tier. Rates change every April, so they are data, never constants.
type Rate struct {
	EffectiveFrom Date
	Tier          Tier
	// AgeMin and AgeMax bound the child's age in whole years, inclusive.
	AgeMin, AgeMax int
	// Unit is KindHalfDay, KindFullDay or KindOvernight; a day and a half is
	// paid as one full day plus one half day (seed 000).
	Unit   SessionKind
	Amount Pence
	// Line is the rates.csv line the rate came from, for explanations.
	Line int
}

// Need is one entry of the needs vocabulary (needs.csv): a child's need, the
// carer skill that meets it, its weight in the needs component and whether a
// carer without the skill is excluded outright.
type Need struct {
	Name   string
	Skill  string
	Weight float64
	Hard   bool
	// Conflicts lists carer household facts (Carer.Household) that rule the
	// carer out for a child with this need, for example a pet allergy
	// against "pets".
	Conflicts []string
	// Description is plain words for help text and explanations.
	Description string
}
