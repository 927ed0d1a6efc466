package scenarios

import (
	"embed"
	"sort"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

// defaultsFS holds the built-in needs vocabulary, drawn from the skills
// seed 001 §5 asks of a linked foster carer and from PRODUCT.md's domain
// facts (see each row's description). It is data, not code, so that a
// scheme can read it, copy it and replace rows with its own needs.csv.
//
//go:embed defaults/needs.csv
var defaultsFS embed.FS

var needsSpec = table.Spec{
	Required: []string{"need"},
	Optional: []string{"skill", "weight", "hard", "conflicts", "description"},
}

// DefaultNeeds returns the built-in needs vocabulary, sorted by name.
func DefaultNeeds() []linkmatch.Need {
	data, err := defaultsFS.ReadFile("defaults/needs.csv")
	if err != nil {
		panic("scenarios: built-in needs vocabulary missing: " + err.Error()) // a build fault
	}
	var ps input.Problems
	needs := parseNeeds(table.New("defaults/needs.csv", data, needsSpec, &ps))
	if ps.ErrorCount() > 0 {
		panic("scenarios: built-in needs vocabulary invalid: " + ps.Err().Error()) // a build fault, caught by tests
	}
	return sortedNeeds(needs)
}

// parseNeeds reads needs rows; rows with a problem are left out.
func parseNeeds(r *table.Reader) map[string]linkmatch.Need {
	out := map[string]linkmatch.Need{}
	if r == nil {
		return out
	}
	seen := table.Seen{}
	for r.Next() {
		name, ok := r.Required("need", "give the need a short name such as autism")
		if !ok {
			continue
		}
		n := linkmatch.Need{Name: toLowerTrim(name), Skill: toLowerTrim(r.Get("skill")), Description: r.Get("description")}
		if !seen.First(r, "need", n.Name, "need", "keep one row per need") {
			continue
		}
		// A weight of 10 is already ten times an ordinary need; 100 leaves
		// room for a scheme's own scale without hiding a typo like 1000.
		n.Weight, ok = r.Float("weight", 1, 0, 100, "give a weight from 0 to 100 (1 is an ordinary need)")
		hard, ok2 := r.YesNo("hard", false)
		n.Hard = hard
		n.Conflicts = r.List("conflicts", true)
		if ok && ok2 {
			out[n.Name] = n
		}
	}
	return out
}

func sortedNeeds(m map[string]linkmatch.Need) []linkmatch.Need {
	out := make([]linkmatch.Need, 0, len(m))
	for _, n := range m {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// loadNeeds builds the vocabulary: the defaults, with rows of the
// scenario's needs.csv replacing those of the same name and adding new ones.
func (l *loader) loadNeeds(rel string) {
	l.needs = map[string]linkmatch.Need{}
	for _, n := range DefaultNeeds() {
		l.needs[n.Name] = n
	}
	if rel != "" {
		for name, n := range parseNeeds(l.open(rel, needsSpec)) {
			l.needs[name] = n
		}
	}
	l.s.Needs = sortedNeeds(l.needs)
	l.skills = map[string]bool{}
	for _, n := range l.s.Needs {
		if n.Skill != "" {
			l.skills[n.Skill] = true
		}
	}
}
