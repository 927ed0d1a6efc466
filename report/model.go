// Package report renders the panel report (issue 16): one self-contained
// HTML file a fostering panel can open from an email attachment, read on a
// phone or print on A4. It holds a summary (children linked and not, links
// across authority borders, distances, cost, plan warnings), an SVG map of
// authorities, homes, carers and links, a page per child (the chosen carer,
// the score and its parts, the runners-up, why this carer, a Gantt chart of
// the plan), costs by month and by carer, and the optimality certificate in
// words.
//
// The package renders a plain Model and knows nothing of files, scenarios
// or solvers: package internal/panel builds the Model from a run. Every
// value from the inputs reaches the page through html/template, so an id or
// a note holding markup or a "javascript:" address is shown as text, never
// run; the page also carries a Content Security Policy that allows no
// script and no network request at all.
package report

import "github.com/linkmatch/linkmatch"

// Model is everything the report shows. Lists are in the order they are
// shown: children by id, carers by id, months by date.
type Model struct {
	// Title is the scenario's name.
	Title string
	// PlanStart is the day plans start (ages are taken on it).
	PlanStart linkmatch.Date
	// Mode is how the links were chosen (optimal, stable or greedy);
	// Proven is true when an optimal matching is proven optimal.
	Mode       string
	Proven     bool
	TotalScore float64
	// Comparisons say what the chosen mode gains over the others, one
	// sentence each.
	Comparisons []string
	// Notes are things the reader must know before anything else, such
	// as a scenario changed since the run.
	Notes []string
	// WarningSummary is the plan warnings in one line.
	WarningSummary string

	Children []Child
	Carers   []Carer
	// Areas are the authorities' boundaries, for the map; empty when the
	// scenario has none.
	Areas []Area

	Costs       Costs
	Certificate Certificate
}

// Child is one child in a residential home and what the run decided.
type Child struct {
	ID  string
	Age int // on the plan start
	// HomeAuthority is the council responsible for the child (children.csv
	// home_authority); HomeIn is the authority the home itself is in, found
	// from its point in the boundaries, empty when not known (no
	// boundaries, or a point outside them).
	HomeAuthority string
	HomeIn        string
	Complexity    string
	Needs         []string
	SiblingGroup  string
	// Lat, Lon locate the child's home (WGS84 degrees).
	Lat, Lon float64
	// Link is the chosen link; nil when the child is not linked.
	Link *Link
	// NotLinked says why the child has no link (when Link is nil).
	NotLinked string
	// Candidates are the child's best carers, best first, the chosen one
	// included; Diagnosis says why there are none.
	Candidates []Candidate
	Diagnosis  string
}

// Link is a chosen link: the carer, the score and why, the plan and its cost.
type Link struct {
	ID                      string
	CarerID, CarerAuthority string
	CarerLat, CarerLon      float64
	Score                   float64
	Components              []Component
	Explanation             string
	// Rank is the carer's place among the child's Eligible carers; Why
	// says why this carer (match.Choice).
	Rank, Eligible int
	Why            string
	Border         linkmatch.Border
	DistanceKm     float64
	Pinned         bool
	// Sessions are the link's timeline rows for this child, by date.
	Sessions []linkmatch.Session
	// Stages are the link's stages as the plan dates them (stages.csv),
	// in order: the stage table and the chart's bars use these dates, the
	// dates of the plan's warnings. Nil dates stages by their sessions.
	Stages   []StageDates
	Warnings []Warning
	// Move is the day the child moves to the long-term family; zero when
	// the plan has no move.
	Move linkmatch.Date
	// Cost is the link's total cost over the costed period.
	Cost linkmatch.Pence
}

// StageDates is a stage of a link's plan, from its first day to its last.
type StageDates struct {
	Name     string
	From, To linkmatch.Date
}

// Component is one part of a score: Value 0–1, Weight in points out of
// 100, Points = Value × Weight.
type Component struct {
	Name                  string
	Value, Weight, Points float64
}

// Candidate is one of a child's best carers.
type Candidate struct {
	Rank        int
	CarerID     string
	Score       float64
	DistanceKm  float64
	Border      linkmatch.Border
	Explanation string
	Chosen      bool
}

// Warning is one way a link's plan is thinner than its template.
type Warning struct {
	Stage, Problem, What, Why string
	From, To                  linkmatch.Date
}

// Carer is a carer on the map.
type Carer struct {
	ID, Authority string
	Lat, Lon      float64
	// Linked counts the children linked with the carer in this run.
	Linked int
}

// Area is one authority's boundary: Rings of (lon, lat) points, each
// closed; the first ring of each polygon is its outside. LabelLon and
// LabelLat place its name.
type Area struct {
	Name               string
	Polygons           [][][][2]float64
	LabelLon, LabelLat float64
}

// Costs are the run's payments over the costed period.
type Costs struct {
	From, To                           linkmatch.Date
	Total, Retainer, Sessions, Mileage linkmatch.Pence
	Months                             []MonthCost
	Carers                             []CarerCost
	// Note says what was not priced, if anything.
	Note string
}

// MonthCost is one calendar month's payments for all links.
type MonthCost struct {
	Month                              linkmatch.Date // its first day
	Retainer, Sessions, Mileage, Total linkmatch.Pence
	Links                              int
}

// CarerCost is one carer's payments over the costed period.
type CarerCost struct {
	CarerID                            string
	Links                              int
	Retainer, Sessions, Mileage, Total linkmatch.Pence
}

// Certificate is the proof that no other set of links is better.
type Certificate struct {
	// Present is false when the run has none (a mode other than optimal).
	Present bool
	// Checked is true when the proof was checked independently
	// (assign.CheckOptimal) when the report was made; CheckError says
	// why it failed, when it did.
	Checked    bool
	CheckError string
	// Prices are certificate.csv's rows.
	Prices []Price
}

// Price is one row of the certificate: its kind (big, unit, child, group,
// carer, fix, forbid, exclude), the child, group or carer it prices and
// the value.
type Price struct {
	Kind, ID, CarerID string
	Value             int64
}
