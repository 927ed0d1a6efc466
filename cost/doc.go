// Package cost prices a timeline of sessions from effective-dated rate tables
// and summarises what a council pays its link carers, in integer pence.
//
// A [RateTable] is built from the rows of a rates.csv ([NewRateTable]);
// [CheckRates] holds the rules every rates table must meet, and the scenario
// loader applies the same function, so a table is never judged by two sets
// of rules. [Price] prices the sessions of a timeline (any
// []linkmatch.Session, such as plan's) between two dates with the flat
// [linkmatch.Payments] of a scenario; [WriteCosts] and [WriteSummary] write
// the itemised costs.csv and the totals by link, week and month.
//
// # Costing rules
//
// Each rule comes from the seeds (seed 000: Somerset's Link Carers page,
// "Payments"; seed 001: the Linked-Foster Carer Scheme policy, §6 "Fees and
// allowances" and §7 "Day Care Rates"):
//
//   - Retainer: £100 a week per child linked (seed 000; seed 001 §6 "Fee
//     retainer (per child) £100"), from scenario.toml [payments]
//     retainer_weekly_gbp. It is paid for every day the link is active: from
//     the link's first timeline row to the end of its last (the plan ends a
//     link with its end milestone), clipped to the costing period. One row per
//     link per ISO week (Monday–Sunday); a part week is paid pro rata by day,
//     days/7 of the weekly amount.
//   - half_day, full_day: one unit at the rate for the carer's tier and the
//     child's age on the session date (seed 001 §6–7). A birthday during the
//     plan changes the band on the birthday itself.
//   - day_and_half: "Saturday morning until Sunday tea-time", paid as a day and
//     a half (seed 000): one full_day rate plus one half_day rate. A rates
//     table therefore never gives a day_and_half rate of its own.
//   - overnight: one overnight rate per night stayed (seed 001 §6: "pro-rata/
//     respite rates for every night a child stays over"); nights are the days
//     from date to end_date, at least one. Neither seed gives an overnight
//     figure, so a rates table must carry one for plans with overnights.
//   - Mileage: claimable "when travelling to meet children, or in connection
//     with the Children's welfare and care-plan" (seed 001 §6), at
//     [payments] mileage_gbp_per_mile (45p, the HMRC-aligned rate). One round
//     trip (twice the one-way road miles between the carer's home and the
//     child's home) per paid session, meeting and review the carer attends;
//     statutory visits are the social worker's, and milestones are not trips.
//     Round-trip miles are rounded to a tenth of a mile, as on a claim form.
//
// # Rate tables
//
// Rates are effective-dated (councils publish a new table each April): for
// a tier and unit, the table in force on a date is the one with the latest
// effective_from on or before that date, and within it the age band holding
// the child's age in whole years on the session date (seed 001 §7 gives bands
// 0–4, 5–10, 11–15 and 16–18 for the standard and Fostering Plus tiers).
// Rates are given per half_day, full_day or overnight; each age belongs to
// exactly one band of a table.
//
// # Rounding
//
// Money is integer pence. Each item is rounded once, half up, when it is
// priced ([linkmatch.Pence.Ratio]); totals are sums of items and never
// rounded again. A session counts in the costing period when its date (its
// first day) is in it; a week's retainer counts in the month of its first
// paid day.
//
// Pricing is deterministic: links are priced in id order and the rows of
// each link come out by date, whatever the order of the sessions given.
package cost
