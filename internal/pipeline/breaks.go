package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/english"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

// The stages of Family Link short breaks (seed 002, issue 17): a
// short-breaks scenario is matched by filling children's assessed breaks
// from carers' offered sessions (match.SolveBreaks), planned with its
// short-breaks template, checked against every short-breaks rule, and
// given a written agreement per link.

// BreaksMatched is the match stage's result for short breaks: the links,
// each with its agreed breaks and each child's share met, proven by the
// certificate of every proven phase, and what they gain over the greedy
// and stable ways of choosing.
type BreaksMatched struct {
	Links    *match.BreaksResult
	Compared []match.BreaksComparison
}

// ReadTemplate is the scenarios.TemplateReader of plan's templates: pass
// it in scenarios.LoadOptions so that a short-breaks scenario's rows are
// checked against its template as they are read.
func ReadTemplate(data []byte, display string, scheme linkmatch.Scheme) (scenarios.TemplateInfo, error) {
	t, err := plan.ReadTemplateInfo(data, display, scheme)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// SolveBreaks chooses the short-breaks links of a scored scenario in mode;
// a child no carer is eligible for is explained by the scorer's diagnosis.
// The scenario must have been loaded with ReadTemplate.
func SolveBreaks(ctx context.Context, sc *scenarios.Scenario, scored *Scored, mode assign.Mode) (*match.BreaksResult, error) {
	if sc.Template == nil {
		return nil, errors.New("pipeline: the short-breaks scenario was loaded without its template (scenarios.LoadOptions.Templates)")
	}
	nights := map[string]int{}
	for _, k := range sc.Template.BreakNames() {
		nights[k], _ = sc.Template.BreakNights(k)
	}
	s := scored.Scorer
	opt := match.BreaksOptions{
		Nights: nights, MaxCarersPerChild: sc.Match.MaxCarersPerChild, Mode: mode,
		NoCarer: func(child int32) string { return s.Diagnose(int(child)).Explain(s.MaxDistanceKm()) }}
	if ti, ok := sc.Template.(plan.TemplateInfo); ok {
		opt.TooLate = func(child int32) string { return tooLateForBreaks(ti, &sc.Children[child], sc.Plan.Start) }
	}
	return match.SolveBreaks(ctx, sc.Children, sc.Carers, scored.Pairs.Pairs, opt)
}

// tooLateForBreaks says why a child who turns 18 before a link starting
// on start would reach regulation 48's first review is not linked
// (plan.TemplateInfo.BreaksNeedUntil); "" when they may be. A tester found
// two young people linked who turned 18 six and eleven weeks after the
// plan start (generate --scheme short_breaks --children 300 --carers 600
// --seed 7: one's agreement meeting fell on their last day as a child)
// while 53 children had no carer.
func tooLateForBreaks(ti plan.TemplateInfo, c *linkmatch.Child, start linkmatch.Date) string {
	if c.DateOfBirth == 0 {
		return ""
	}
	eighteen, need := linkmatch.Birthday(c.DateOfBirth, 18), ti.BreaksNeedUntil(c, start)
	if eighteen > need {
		return ""
	}
	return fmt.Sprintf("not linked: turns 18 on %s, %s after the plan start (%s); children's short breaks end at 18 (seed 002; from 18 adult services under the Care Act 2014), and Introductions then three months of breaks to the first review (CPPCR 2010 reg 48(3)) need until %s: plan the move to adult services instead",
		eighteen, english.Count(int(eighteen-start)/7, "week", "weeks"), start, need)
}

// CheckBreaks checks the certificate of every proven phase of a
// short-breaks result (assign.CheckOptimal): the links families are told
// of are the best there are whenever the result says so.
func CheckBreaks(res *match.BreaksResult) error {
	for _, ph := range res.Phases {
		if ph.Proven {
			if err := assign.CheckOptimal(&ph.Problem.Solver, ph.Result.Solver); err != nil {
				return fmt.Errorf("short-breaks matching (%s): %w", ph.Name, err)
			}
		}
	}
	return nil
}

// CompareBreaks says what optimal short-breaks links gain over greedy and
// over stable ones, solving the scenario in each of those modes that res
// (the links chosen, in any mode) was not.
func CompareBreaks(ctx context.Context, sc *scenarios.Scenario, scored *Scored, res *match.BreaksResult) ([]match.BreaksComparison, error) {
	solved := map[assign.Mode]*match.BreaksResult{res.Mode: res}
	for _, b := range res.Baselines {
		solved[b.Mode] = b // solved already by optimal mode's guard
	}
	get := func(m assign.Mode) (*match.BreaksResult, error) {
		if r, ok := solved[m]; ok {
			return r, nil
		}
		r, err := SolveBreaks(ctx, sc, scored, m)
		solved[m] = r
		return r, err
	}
	best, err := get(assign.Optimal)
	if err != nil {
		return nil, err
	}
	var out []match.BreaksComparison
	for _, m := range []assign.Mode{assign.Greedy, assign.Stable} {
		other, err := get(m)
		if err != nil {
			return nil, err
		}
		out = append(out, match.CompareBreaks(best, other))
	}
	return out, nil
}

// MatchBreaks chooses the short-breaks links of a scored scenario in the
// prepared mode (the scenario's [match] mode, optimal by default), checks
// the certificates of its proven phases and says what optimal links gain
// over greedy and stable ones.
// Pinned links are not supported for short breaks yet: an
// *input.InvalidError at the pinned file.
func MatchBreaks(ctx context.Context, p *Prepared, scored *Scored) (*BreaksMatched, error) {
	if err := noPins(p.Pins); err != nil {
		return nil, err
	}
	res, err := SolveBreaks(ctx, p.Scenario, scored, p.Mode)
	if err != nil {
		return nil, err
	}
	if err := CheckBreaks(res); err != nil {
		return nil, err
	}
	compared, err := CompareBreaks(ctx, p.Scenario, scored, res)
	if err != nil {
		return nil, err
	}
	return &BreaksMatched{Links: res, Compared: compared}, nil
}

// noPins refuses pinned links for short breaks, which do not support them
// yet.
func noPins(pins Pins) error {
	if len(pins.Rows) == 0 {
		return nil
	}
	var ps input.Problems
	ps.Fail(input.ErrConflict, pins.File, 0, 0, "", "remove the pinned file from scenario.toml (or --pinned): short breaks do not support pinned links yet",
		"pinned links are not supported for short breaks")
	return ps.Err()
}

// breakLinks are the short-breaks links as the planner takes them: each
// with its agreed part of the child's breaks.
func breakLinks(sc *scenarios.Scenario, res *match.BreaksResult) []plan.PlanInput {
	out := make([]plan.PlanInput, 0, len(res.Links))
	for _, l := range res.Links {
		ch, ca := sc.Children[l.Child], sc.Carers[l.Carer]
		out = append(out, plan.PlanInput{
			Link:  linkmatch.Link{ID: plan.LinkID(ch.ID, ca.ID), ChildID: ch.ID, CarerID: ca.ID, Score: l.Score},
			Child: ch, Carer: ca, Breaks: l.Breaks,
		})
	}
	return out
}

// Agreements checks a short-breaks plan against every short-breaks rule
// (plan.Planner.VerifyBreaks) and returns each link's written agreement. A
// plan that breaks a rule is a fault in linkmatch, never an output.
func Agreements(p *Prepared, planned *Planned) ([]plan.Agreement, error) {
	if errs := planned.Planner.VerifyBreaks(planned.Links, planned.Result); len(errs) > 0 {
		return nil, breachError(errs)
	}
	return plan.Agreements(p.Template, planned.Links, planned.Result), nil
}

// maxBreaches is how many of a faulty plan's breaches the internal error
// lists, one a line; the rest are counted.
const maxBreaches = 5

// breachError is the internal error of a short-breaks plan that breaks
// its own rules: the first maxBreaches breaches, each on its own line,
// then how many more there are.
func breachError(errs []error) error {
	shown := errs[:min(len(errs), maxBreaches)]
	lines := make([]string, 0, len(shown)+1)
	for _, e := range shown {
		lines = append(lines, "  "+e.Error())
	}
	if n := len(errs) - len(shown); n > 0 {
		lines = append(lines, fmt.Sprintf("  … and %d more", n))
	}
	what := "1 breach"
	if len(errs) != 1 {
		what = fmt.Sprintf("%d breaches", len(errs))
	}
	return fmt.Errorf("internal error: the short-breaks plan breaks its own rules (%s); nothing was written — please report this with the scenario:\n%s",
		what, strings.Join(lines, "\n"))
}

// linkBreaks reads a link file row's agreed breaks for a short-breaks
// scenario: nil (all of the child's breaks) when the row gives none. Every
// kind must be one the template offers, and no more than the child is
// assessed for; problems go to ps at the row's breaks cell.
func linkBreaks(sc *scenarios.Scenario, r *match.LinkRow, ch *linkmatch.Child, file string, ps *input.Problems) (linkmatch.Breaks, bool) {
	if r.Breaks == "" || sc.Scheme != linkmatch.SchemeShortBreaks {
		return nil, true
	}
	fail := func(kind input.Kind, hint, format string, args ...any) {
		ps.Fail(kind, file, r.Line, r.BreaksColumn, "breaks", hint, format, args...)
	}
	bs, err := linkmatch.ParseBreaks(r.Breaks)
	if err != nil {
		fail(input.ErrBadValue, "write the link's breaks as matches.csv gives them, for example 2 after_school + 1 overnight per month", "%v", err)
		return nil, false
	}
	for _, b := range bs {
		switch {
		case sc.Template != nil && !offered(sc.Template, b.Kind):
			fail(input.ErrUnknownName, "use the kinds of break the template offers: "+strings.Join(sc.Template.BreakNames(), ", "), "the template does not offer %q", b.Kind)
			return nil, false
		case b.PerMonth > ch.Breaks.Count(b.Kind):
			fail(input.ErrConflict, "a link gives at most the child's assessed breaks (children.csv breaks)",
				"%d %s a month is more than child %s is assessed for (%s)", b.PerMonth, b.Kind, ch.ID, ch.Breaks)
			return nil, false
		}
	}
	return bs, true
}

// offered reports whether a template offers a kind of break.
func offered(t scenarios.TemplateInfo, kind string) bool {
	_, ok := t.BreakNights(kind)
	return ok
}
