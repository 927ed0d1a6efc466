// Package plan turns chosen links into dated, staged step-down schedules.
// Pricing a schedule is the job of package cost.
//
// # Schedules
//
// A [Template] (TOML; the documented default is embedded, see
// defaults/template.toml) lists the stages of a link — Introductions,
// Building, Developing, Preparing, Move, Sustain (seed 001 §3 names the middle
// three) — with each stage's base length in weeks, its weekly session pattern
// and the stage-gate review at its end. A [Planner] paces the stages for each
// child (complexity and age factors, also in the template), places every
// session on a day and time that suits the carer's availability, the school
// calendar ([Calendar]: terms, bank holidays and the closed days — by
// default no session on Christmas Day, Boxing Day or New Year's Day and no
// meeting then or on Christmas Eve afternoon), the child's weekly session
// with their residential link worker (seed 003) and the carer's other linked
// children (one carer is never double-booked, and overnight stays never
// exceed the carer's spare bedrooms). A session with a fallback window (the
// default template's early after-school sessions fall back to a day without
// school) takes it in the weeks its own window is full, once every link's
// sessions have had their own windows. The planner then adds the statutory
// rhythm of the Care Planning, Placement and Case Review (England)
// Regulations 2010: looked-after reviews (regs 32–33), social-worker visits
// (reg 28), planning for 18 at every review from 16 (Staying Put or
// leaving care; siblings with one carer have their reviews together), a
// warning when a move comes within 90 days of the 18th birthday, and, when
// a link ends, the placement support meeting and 28 days' notice of seed
// 001 §6.
//
// Plans are deterministic: links are planned in link id order, each carer's
// diary shared across their links, and sessions come out sorted by date,
// start time and link id.
//
// # Links under way and reviews' decisions
//
// A link's stages are laid out in time as segments (segments.go): the
// template's stages in order from the link's start, or, for a link already
// under way (linkmatch.Link's Stage, Started, StageSince, StageUntil), from
// its current stage, the earlier ones being history that is never planned.
// Reviews' decisions ([Decision], read from progress.csv by
// [ParseProgress]) change them in date order: hold lengthens the stage
// under review, advance begins the next stage the day after the review
// (two weeks after it for the move, so that a review plans the move: CPPCR
// 2010 regs 32 and 37), step back returns to the previous stage's pattern
// and then takes the stage again (seed 003: link workers' outcomes "inform
// either Stepping Up or Stepping Down"). Each change shows as a "plan
// change" milestone on the day it takes effect; an extension's is read back
// from the timeline by the next re-plan, so a one-off --extend lasts.
//
// # Re-planning
//
// [Options] AsOf and Actuals re-plan from what happened: the timeline given
// back with its status column (done, cancelled, moved with or without a new
// date). Every row before the as-of date stays exactly as recorded
// ([WriteTimelineKept] copies such rows byte for byte), and so does every
// link whose recorded rows still fit its stages, the same plan changes and
// the same end: only a link with something new — a decision, an extension,
// an ending, a link new to the plan — is planned again from the as-of date
// (with its siblings, who share its stages). A row moved to a new time
// takes it, and a planned row of any link in its way is planned again in
// its week (a clash); a row moved with no new date is rearranged in its
// week. Without actuals, the timeline re-planned is the plan as it stood
// without the run's changes. Row ids (row_id, the calendar UID) name an
// event for good: "<link>/<stage>/<kind>/<n>", and a row planned again
// takes the id of the row it replaces (rowid.go); [Result] Changes lists
// every row added, moved, cancelled or changed, with the reason
// ([WriteChanges]). [Result.UnderWayOn] and [WriteUnderWay] carry the links
// into next year's pinned.csv.
//
// [WriteTimeline] and [ParseTimeline] write and read timeline.csv,
// [ReadActuals] reads it back as actuals; [WriteICS] writes the same rows
// as an iCalendar file and [UpdateICS] updates a previous one (a changed
// event one SEQUENCE higher, a removed one cancelled).
package plan
