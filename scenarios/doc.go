// Package scenarios reads and validates scenario folders into linkmatch's
// domain types, and embeds the demo scenario.
//
// A scenario is a folder holding scenario.toml, which names the input files
// (paths relative to scenario.toml) and holds the settings. Load checks
// every file completely and reports every problem at once, each placed as
// file:line:column (column name): problem — what to do (see package
// internal/table). Loading never reads the clock: age checks use [plan]
// start, or LoadOptions.Today.
//
// # scenario.toml
//
//	name = "Somerset step-down demo"
//	children = "children.csv"          # required
//	carers = "carers.csv"              # required
//	rates = "rates.csv"
//	boundaries = "authorities.geojson" # GeoJSON authorities; fills carers' authority
//	needs = "needs.csv"                # replaces or adds to the built-in vocabulary
//	postcodes = "postcodes.csv"        # postcode, lat, lon: lets rows give a postcode
//	travel_times = "travel_times.csv"  # known journeys replacing the estimate
//	# also accepted: terms, bank_holidays, template, pinned (parsed by
//	# internal/pipeline's Prepare), and network (read, but not used yet:
//	# a warning says so)
//
//	[payments]
//	retainer_weekly_gbp = 100.00       # default 100.00 for step_down (seed 000),
//	                                   # 0 for short_breaks (seed 002: paid by the session)
//	mileage_gbp_per_mile = 0.45        # default 0.45: HMRC's approved mileage allowance rate
//	overnight = "per_night"            # per_night (default) | day_and_half
//	stay_days = true                   # a stay is paid its nights and its days in care;
//	                                   # default true for short_breaks, false for step_down
//
//	[plan]
//	start = 2027-01-04
//	closed_days = ["12-25", "12-26", "01-01"]  # MM-DD; the default; [] for none
//	closed_afternoons = ["12-24"]      # no meetings or visits from noon; the default
//	min_stay_gap_days = 7              # short breaks only: days between a child's stays,
//	                                   # 0 to 60; default the template's (7)
//
//	[match]
//	max_distance_km = 40               # default 40
//	distant_authorities = "penalise"   # allow | penalise | forbid
//	mode = "optimal"                   # optimal | stable | greedy
//	[match.weights]
//	needs = 2.0                        # needs, distance, border, experience,
//	                                   # capacity, relationship, preferences; 0–1000
//
//	[geo]
//	name_property = "name"             # GeoJSON property with the authority name
//	code_property = "code"
//	circuity = 1.3                     # road km per straight-line km
//	speed_kmh = 40
//	neighbour_tolerance_m = 100
//
// Money is pounds with at most two decimal places, stored as integer pence.
// An unknown key or [section] close to a known one (a typo: package
// spelling), or cut short or run on from one (max_distance, [matching]),
// is an error with "did you mean" at the key; any other unknown key is a
// warning; a wrong type is an error.
//
// # CSV files
//
// All are UTF-8 CSV with a header row; columns are found by name and may be
// in any order; an unknown column is a warning, or an error when it is
// close to a known column the file lacks (a misspelling), or, in a
// short-breaks children.csv, while a column the written agreements read
// (activities, pick_up, drop_off, medication, equipment) is missing.
// Lists inside a cell are
// separated by ";". A cell holding a comma (an exclusion circle) must be
// wrapped in double quotes, as in any CSV. Numbers are decimal
// (table.ParseDecimal: no hexadecimal, no underscores). A cell that
// starts with a single quote before "=", "+", "-", "@", a tab or a
// carriage return is read without the quote, as linkmatch writes such
// cells. Ids that would give two links the same link id
// (linkmatch.LinkID) are refused.
//
// children.csv — one row per child in a residential home. Required: id,
// date_of_birth, home_authority, and lat and lon (or postcode). Optional:
// home_name, needs, complexity (low|medium|high, default medium), overnight
// (yes|no, default no), sibling_group, known_adults (carer ids),
// preferences, exclusions (authority:NAME or circle:LAT,LON,KM), last_review,
// staying_put (yes|no, default no: whether the young person stays on with
// the link carer after 18), link_worker_slot (the weekly session with the
// home's link worker, such as "tue 17:30-18:30"), and the long-term
// placement's location as move_lat and move_lon (or move_postcode).
//
//	id,date_of_birth,home_authority,lat,lon,needs,complexity,overnight,sibling_group,known_adults,exclusions
//	C001,2012-05-14,Somerset,51.0173,-3.1021,attachment_trauma;education_advocacy,medium,yes,S1,K007,"authority:Bristol, City of;circle:51.346,-2.970,5"
//
// A child must be under 18 on the reference date and born before it.
//
// carers.csv — one row per link carer. Required: id, capacity (1–4, seed 001
// §3), and lat and lon (or postcode). Optional: authority (found from the
// boundaries when empty), current_links (default 0, at most capacity), tier
// (standard|fostering_plus), experience_years (0–70), skills, age_min and
// age_max (default 0 and 17), overnight (yes|no), bedrooms (0–10),
// availability (mon…sun, weekdays, weekends, evenings, daytime, any; empty
// means any; several words offer everything each word offers, so
// "weekends;evenings" is weekends and weekday evenings), max_travel_km (0–500; 0 means the scenario maximum),
// household (facts such as pets;smoker), attributes (matched against
// children's preferences).
//
//	id,lat,lon,authority,capacity,current_links,tier,experience_years,skills,age_min,age_max,overnight,bedrooms,availability,max_travel_km,household
//	K001,51.0094,-3.1075,Somerset,2,0,fostering_plus,12,complex_behaviour;attachment_trauma,8,17,yes,2,weekends;evenings,40,pets
//
// rates.csv — payment rates by tier and age band, effective-dated (rates
// change every April, so they are data). unit is half_day, full_day,
// overnight or staying_put_week; a day and a half is paid as a full day
// plus a half day (seed 000). retainer_week and mileage_mile give the
// retainer and mileage rate by date, one per tier in a table whatever the
// ages ([payments]' amounts apply where the table in force gives none). Bands of the same date, tier and unit must not overlap. The rows of
// one effective_from are one table, and a new table must give every tier,
// unit and age band the one before it gave (cost.CheckRates). When
// [payments] overnight is per_night and some child may stay overnight
// (overnight = yes) with a carer offering overnights, the rates must give an
// overnight rate for those carers' tiers and the children's ages up to 17,
// in every table from [plan] start on. Optional: source, saying where the
// figure comes from.
//
//	effective_from,tier,age_min,age_max,unit,amount_gbp,source
//	2026-04-01,standard,11,15,half_day,19.90,seed 001 §7
//
// needs.csv — the needs vocabulary. Required: need. Optional: skill (the
// carer skill that meets it), weight (0–100, default 1), hard (yes: a carer
// without the skill is ruled out), conflicts (household facts that rule a
// carer out), description. A built-in vocabulary drawn from seed 001 §5
// (DefaultNeeds) applies first; rows here replace needs of the same name and
// add new ones. A need with no skill is met by every carer; its conflicts
// still apply.
//
//	need,skill,weight,hard,conflicts,description
//	pet_allergy,,0,yes,pets,An allergy to pets
//
// postcodes.csv — postcode, lat, lon. Postcodes are compared in their
// standard form (geo.NormalisePostcode: "ta11aa" is "TA1 1AA").
//
// travel_times.csv — driving times known for particular child–carer pairs
// (measured, or from a route planner), replacing the estimate from
// straight-line distance × circuity at speed_kmh. Required: child_id,
// carer_id (ids from children.csv and carers.csv; each pair once), minutes
// (0–600). Optional: distance_km, the road distance (0.1–500), which then
// also replaces the estimated distance in the maximum-distance rule, the
// distance score, pairs.csv and mileage payments; left empty, the estimated
// distance stands and only the minutes change.
//
//	child_id,carer_id,minutes,distance_km
//	C001,K023,35,24.8
//
// # The demo
//
// Demo embeds somerset-stepdown/, a synthetic scheme: children in
// residential homes in Somerset and neighbouring authorities, link carers
// across seven authorities, seed 001 §7's day-care rates (with illustrative
// overnight rates, marked as such in their source column) and the real ONS
// boundaries of those authorities, simplified by tools/outlines (Open
// Government Licence; see the folder's README.md). No real people or
// addresses.
package scenarios
