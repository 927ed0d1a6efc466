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
// calendar ([Calendar]: terms and bank holidays), the child's weekly session
// with their residential link worker (seed 003) and the carer's other linked
// children (one carer is never double-booked, and overnight stays never
// exceed the carer's spare bedrooms). A session with a fallback window (the
// default template's early after-school sessions fall back to a day without
// school) takes it in the weeks its own window is full, once every link's
// sessions have had their own windows. The planner then adds the statutory
// rhythm of the Care Planning, Placement and Case Review (England)
// Regulations 2010: looked-after reviews (regs 32–33), social-worker visits
// (reg 28), the Staying Put prompt at 16, and, when a link ends, the
// placement support meeting and 28 days' notice of seed 001 §6.
//
// Plans are deterministic: links are planned in link id order, each carer's
// diary shared across their links, and sessions come out sorted by date,
// start time and link id. Re-planning after a review (extra weeks for a
// stage, an ending date) keeps every session before an "as of" date exactly
// as it was.
//
// [WriteTimeline] and [ParseTimeline] write and read timeline.csv;
// [WriteICS] writes the same rows as an iCalendar file.
package plan
