// Package cost prices a timeline of sessions from effective-dated rate tables
// and summarises what a council pays its link carers, in integer pence: per
// link, per carer and in total, by ISO week, calendar month, 4-weekly pay
// period and financial year.
//
// A [RateTable] is built from the rows of a rates.csv ([NewRateTable]);
// [CheckRates] holds the rules every rates table must meet, and the scenario
// loader applies the same function, so a table is never judged by two sets
// of rules. [Price] prices the sessions of a timeline (any
// []linkmatch.Session, such as plan's) between two dates with the flat
// [linkmatch.Payments] of a scenario; [WriteCosts], [WriteSummary] and
// [WriteStatements] write the itemised costs.csv, the summary and each
// carer's statement.
//
// # What happened and what is planned
//
// A timeline re-planned from what happened (issue 13) records it in its
// status column: a session recorded as cancelled, or moved with no new date
// yet, is not paid (Result.Cancelled counts them); one moved to another day
// is paid on that day. Every cost row's Basis says where its figure comes
// from: actual for a session recorded done or moved (and its trip), and for
// a retainer week up to the end of which every session of the link is
// recorded; planned for the rest. Result.Actual is the part of the total
// on the record. costs.csv's basis column holds the word; the rule in
// words is in its rule column.
//
// # When a link is active
//
// The retainer is paid for the whole link, not just the weeks with
// sessions (issue 14). A link is active from its first timeline row until
// the earliest of:
//
//   - its end milestone: a milestone whose activity is "the link ends"
//     (linkmatch.ActivityLinkEnds) or "the Staying Put arrangement ends at
//     21" (linkmatch.ActivityStayingPutEnds), on its date;
//   - 28 days after a milestone whose activity is "notice that the link
//     will end" (linkmatch.ActivityNotice; seed 001 §6: "The notice period
//     is 28 days");
//   - a milestone "the plan stops here: the child is not ready to move on"
//     (linkmatch.ActivityNotReady), on its date, when no later row of the
//     link follows it: the stage review decides what next, and a re-plan
//     that carries the link on writes the rows after it;
//   - the day before the child's 18th birthday, when they leave care
//     (Children Act 1989 s.105) — from the date of birth, or a milestone
//     "18th birthday: leaving care / Staying Put decision"
//     (linkmatch.ActivityLeavingCare) — unless the young person is Staying
//     Put (LinkInfo.StayingPut, from children.csv's staying_put; Children
//     Act 1989 s.23CZA), when the link continues to the day before the
//     21st birthday at most;
//   - the end of the costing period: a link nothing ends is ongoing, and
//     the summary says so. A plan's last milestone at its horizon, "end of
//     the planned period: the link carries on" (linkmatch.ActivityPlanEnds),
//     ends nothing: the link carries on to the end of the costing period.
//
// Milestones are read by one precise rule, linkmatch.EndingOf, shared with
// package plan, which writes these activities: the activity must be one of
// those phrases exactly (ignoring case and surrounding spaces). A milestone
// with no activity (a timeline written by hand, or before the activity
// column) has its notes compared with the same phrases. No other words end
// a link: notes that merely mention an end, such as the leaving-care
// milestone's "this link plan ends, unless a Staying Put arrangement … is
// agreed", are never read as one.
//
// Nothing is costed for a child on or after their 18th birthday unless they
// are staying put (then until the 21st): no session, no trip. Even staying
// put, nothing is paid at the child rate from 18: the young person's time
// with the carer is Staying Put time (kind staying_put), paid by the week.
// The retainer is paid "per child" (seed 000), so it stops at the 18th
// birthday even when the link continues as Staying Put. An existing link
// (LinkInfo.Existing, one of carers.csv's current_links) has no timeline and
// is costed at the retainer for the whole period.
//
// # Costing rules
//
// Each rule comes from the seeds (seed 000: Somerset's Link Carers page,
// "Payments"; seed 001: the Linked-Foster Carer Scheme policy, §6 "Fees and
// allowances" and §7 "Day Care Rates"):
//
//   - Retainer: £100 a week per child linked (seed 000; seed 001 §6 "Fee
//     retainer (per child) £100"), for every day the link is active within
//     the costing period: the rates table's retainer_week for the tier in
//     force on the day (UnitRetainerWeek), else scenario.toml [payments]
//     retainer_weekly_gbp. One row per link per ISO week (Monday–Sunday),
//     two when the retainer changes within the week; a part week is paid
//     pro rata by day, days/7 of the weekly amount, so a link ending on a
//     Wednesday is paid 3/7 of that week.
//   - half_day, full_day: one unit at the rate for the carer's tier and the
//     child's age on the session date (seed 001 §6–7). A birthday during the
//     plan changes the band on the birthday itself.
//   - day_and_half: "Saturday morning until Sunday tea-time", paid as a day
//     and a half (seed 000): one full_day rate plus one half_day rate, both
//     from the table in force on the session date. A rates table therefore
//     never gives a day_and_half rate of its own. costs.csv writes it as
//     two rows, its full day and its half day, each at its own rate (as
//     it does any session paid at several rates: Row.parts), so that
//     every row is a quantity of one unit at one rate of rates.csv.
//   - overnight: as scenario.toml [payments] overnight says. "per_night"
//     (the default): one overnight rate per night stayed (seed 001 §6:
//     "pro-rata/respite rates for every night a child stays over"); neither
//     seed gives an overnight figure, so the rates table must carry one.
//     "day_and_half": each night paid as a day and a half, as seed 000 pays
//     a weekend's one night. Nights are the days from date to end_date, at
//     least one.
//   - staying_put_week: a young person Staying Put after 18 (Children Act
//     1989 s.23CZA) is paid by the week, as the DfE's Staying Put guidance
//     (2013) pays the former carer a weekly allowance: one staying_put_week
//     rate for each ISO week with Staying Put time, for the carer's tier
//     and the young person's age. Neither seed gives a figure. A week the
//     rates give no staying_put_week rate for is not costed and not a
//     failure: Result.Unpriced lists it and the summary says so, on every
//     period it falls in, naming the tier (issue 12: a run never fails
//     because a young person turns 18). The allowance is weekly, so any
//     Staying Put time in a week, a single tea included, is paid for the
//     week; a week the arrangement begins in (the 18th birthday) or ends
//     in, or that the costing period cuts, is paid pro rata by day (days/7
//     of the rate, as the retainer is; Row.Days, and the rule says so).
//     After the plan's last day the arrangement goes on (Children and
//     Families Act 2014 s.98, inserting s.23CZA: to 21 unless ended), so
//     each later week of the link from the 18th birthday is costed one
//     staying_put_week as well (Link.Projected; Row.Session is -1).
//   - Mileage: claimable "when travelling to meet children, or in connection
//     with the Children's welfare and care-plan" (seed 001 §6), at the
//     rates table's mileage_mile for the tier in force on the trip's date
//     (UnitMileageMile), else [payments] mileage_gbp_per_mile. The seeds
//     give no rate; 45p is HMRC's
//     approved mileage allowance rate for the first 10,000 business miles.
//     One round trip per paid session, Staying Put day, meeting and review
//     the carer attends; statutory visits are the social worker's, the link
//     worker's sessions are not the carer's, and milestones are not trips.
//     A round trip is twice the one-way road miles between the carer's home
//     and the residential home before the move (LinkInfo.MoveDate) and the
//     long-term family's home from it; when the long-term family's address
//     is not known, no mileage is counted after the move rather than the
//     residential home's. Round-trip miles are rounded to a tenth of a
//     mile, as on a claim form. Siblings seen together (rows of one carer
//     with the same date, start and end: the planner's joint sessions and
//     meetings) are one trip, claimed once, on the first of their links by
//     id, at the longest of their round trips: mileage pays for the
//     carer's travel, not per child.
//
// # Rate tables
//
// Rates are effective-dated (councils publish a new table each April): the
// rows sharing an effective_from are one table, in force from that date
// until the next, and within it the age band holding the child's age in
// whole years on the session date gives the rate (seed 001 §7 gives bands
// 0–4, 5–10, 11–15 and 16–18 for the standard and Fostering Plus tiers).
// Rate changes are whole: a new table must give every tier, unit and age
// its predecessor gave, so every session, a day and a half included, is
// priced from exactly one year's table. Rates are given per half_day,
// full_day, overnight or staying_put_week, by age band (each age belongs
// to exactly one band of a table), and per retainer_week or mileage_mile,
// one of each per tier at most, whatever the ages (PRODUCT.md: rates are
// data with an effective date).
//
// # Summaries
//
// [Summarise] totals the rows per link, per carer and for all links by any
// [PeriodKind]: ISO weeks, calendar months, 4-weekly pay periods from
// Options.PayPeriodsFrom (seed 000 prices "a 4 week month"), financial
// years (1 April to 31 March) and days. A session counts in the period of
// its date (its first day). A week's retainer is split by day across the
// periods it spans (a week from Monday 29 March to Sunday 4 April puts 3/7
// in one financial year and 4/7 in the next), so months are not lumpy.
// Every summary row also gives the links active, the link-weeks, the cost
// per link-week, the cumulative spend, and notes: a link starting or ending,
// more than four weeks of a link's plan without a session with the child or
// young person (a child-rate session or Staying Put time; meetings do not
// count), the days a link is costed after its last planned day (the
// retainer alone: not planned yet, so not called a gap), a period after
// every link has ended, Staying Put weeks with no rate. Summing any scope's
// periods of one kind gives its total.
//
// # Rounding
//
// Money is integer pence. Each item is rounded once, half up, when it is
// priced ([linkmatch.Pence.Ratio]); totals are sums of items and never
// rounded again. Splitting a week's retainer across periods rounds the
// running share (the first k of n days carry amount × k/n), so the parts
// add up to the week's amount exactly.
//
// Pricing is deterministic: links are priced in id order and the rows of
// each link come out by date, whatever the order of the sessions given.
package cost
