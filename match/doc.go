// Package match scores child–carer pairings and poses the choice of links
// to the solver (package assign).
//
// Scoring (this file's neighbours score*.go, rules*.go, explain*.go,
// shortlist*.go) works in two steps for every pair of a child living in a
// residential home and a link carer:
//
//  1. Hard rules (see Rule) exclude pairs that must never be proposed: the
//     carer is not approved for the child's age, has no place left, cannot
//     offer the overnight stays the care plan needs, lacks a skill the needs
//     vocabulary marks as essential, lives in one of the child's exclusion
//     zones, is too far away, is in a distant authority when the scenario
//     forbids that, or has a household fact that conflicts with one of the
//     child's needs. Every exclusion has a named reason, so a child with no
//     eligible carer can be told why.
//  2. Each remaining pair gets a score from 0 to 100: a weighted mean of
//     seven components, each between 0 and 1 (linkmatch.Component, defined
//     in score_components.go): needs, distance, border, experience,
//     capacity, relationship and preferences. The weights come from
//     scenario.toml's [match.weights] table; missing ones take
//     DefaultWeights.
//
// Distances are road distances: great-circle distance × the travel model's
// circuity, unless Options.TravelTimes knows the pair's journey (a
// scenario's travel_times.csv), whose road distance and minutes then stand
// instead.
//
// The Scorer never compares every child with every carer: it looks up only
// the carers within reach of each child's home in a spatial index, so a
// national scenario (7,000 children, 45,000 carers) scores in seconds.
// Results are deterministic: pairs come ordered by child id, then carer id,
// whatever the number of CPUs.
//
// Choosing links (problem.go, links.go, pairsio*.go): BuildProblem, or
// ReadPairsProblem for "match --pairs", poses the choice to the solver in
// package assign — one row per child and one column per carer in id order,
// each carer's places, each eligible pair's score in hundredths as its
// weight, sibling groups and pinned links (Problem.Pin) — and Solve turns
// the solver's answer back into links by id, with a plain reason for every
// child left unlinked. WriteMatches, WriteUnmatched and WriteCertificate
// write the results.
//
// The sources of every rule and weight are the project's seeds: Somerset's
// Linked-Foster Carer scheme (seeds 000 and 001) and Lifelong Links (seed
// 004), cited where each is used.
package match
