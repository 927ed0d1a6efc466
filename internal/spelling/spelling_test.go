package spelling

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"medicaton", "medication", 1},
		{"weekley", "weekly", 1},
		{"ab", "ba", 1},
		{"notes", "needs", 3},
		{"kitten", "sitting", 3},
	}
	for _, tc := range tests {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestNear(t *testing.T) {
	known := []string{"id", "date_of_birth", "needs", "medication", "equipment", "lat", "lon", "retainer_weekly_gbp"}
	tests := []struct {
		name, in, want string
	}{
		{"a letter missing", "medicaton", "medication"},
		{"a letter doubled", "medicattion", "medication"},
		{"letters swapped", "equipmnet", "equipment"},
		{"spaces for underscores", "Date of Birth", "date_of_birth"},
		{"hyphens for underscores", "date-of-birth", "date_of_birth"},
		{"a long setting", "retainer_weekley_gbp", "retainer_weekly_gbp"},
		{"a short name needs one edit", "nees", "needs"},
		{"unrelated", "notes", ""},
		{"unrelated short", "key", ""},
		{"two letters never guess", "ix", ""},
		{"two edits from a short name", "lxy", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Near(tc.in, known); got != tc.want {
				t.Errorf("Near(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestPrefix(t *testing.T) {
	known := []string{"max_distance_km", "match", "mode", "distant_authorities"}
	tests := []struct{ in, want string }{
		{"max_distance", "max_distance_km"}, // cut short
		{"max_distnce", "max_distance_km"},  // cut short and misspelt
		{"matching", "match"},               // run on
		{"Max-Distance", "max_distance_km"}, // folded
		{"mod", ""},                         // too short to tell
		{"modes", "mode"},                   // run on past a 4-letter name
		{"colour", ""},
		{"match", ""}, // equal is Near's business
	}
	for _, tc := range tests {
		if got := Prefix(tc.in, known); got != tc.want {
			t.Errorf("Prefix(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
