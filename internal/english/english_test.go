package english

import "testing"

func TestCount(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want string
	}{
		{"none is plural", 0, "0 children"},
		{"one is singular", 1, "1 child"},
		{"two is plural", 2, "2 children"},
		{"minus one is singular", -1, "-1 child"},
		{"many", 1000, "1000 children"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Count(tc.n, "child", "children"); got != tc.want {
				t.Errorf("Count(%d) = %q, want %q", tc.n, got, tc.want)
			}
		})
	}
}

func TestS(t *testing.T) {
	for n, want := range map[int]string{0: "s", 1: "", 2: "s", 11: "s"} {
		if got := "carer" + S(n); got != "carer"+want {
			t.Errorf("S(%d) gives %q, want %q", n, got, "carer"+want)
		}
	}
}
