package linkmatch

import "testing"

// TestEndingOf: the exact activities a plan writes end a link, give notice
// or mark leaving care; nothing else does, however close its words.
func TestEndingOf(t *testing.T) {
	tests := []struct {
		name            string
		kind            SessionKind
		activity, notes string
		want            LinkEnding
	}{
		{"notice", KindMilestone, ActivityNotice, "28 days' notice that the link will end", EndingNotice},
		{"shortened notice has the same activity", KindMilestone, ActivityNotice, "notice that the link will end: 20 days, short of the usual 28", EndingNotice},
		{"the link ends", KindMilestone, ActivityLinkEnds, "the carer keeps caring for the child until arrangements are made in the child's best interest", EndingHere},
		{"Staying Put ends at 21", KindMilestone, ActivityStayingPutEnds, "", EndingHere},
		{"leaving care at 18", KindMilestone, ActivityLeavingCare, "the young person leaves care and this link plan ends, unless a Staying Put arrangement with the link carer is agreed", EndingLeavingCare},
		{"Staying Put continues", KindMilestone, ActivityStayingPutStarts, "from today sessions with the young person are Staying Put time, paid by the week, not at the child rate", EndingNone},
		{"the plan's horizon: the link carries on", KindMilestone, ActivityPlanEnds, "plan the next period at the link review", EndingNone},
		{"the plan stops: the child is not ready", KindMilestone, ActivityNotReady, "decide at the stage review", EndingNotReady},
		{"case and spaces do not matter", KindMilestone, "  The Link Ends ", "", EndingHere},
		{"notes are read only without an activity", KindMilestone, "", ActivityLinkEnds, EndingHere},
		{"notes under another activity are not read", KindMilestone, "the child moves to the long-term family", ActivityLinkEnds, EndingNone},
		{"words that only mention an end", KindMilestone, "link ended early", "", EndingNone},
		{"a longer phrase is not the phrase", KindMilestone, ActivityLinkEnds + " early", "", EndingNone},
		{"not a milestone", KindMeeting, ActivityLinkEnds, "", EndingNone},
		{"empty", KindMilestone, "", "", EndingNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Session{Kind: tt.kind, Activity: tt.activity, Notes: tt.notes}
			if got := EndingOf(&s); got != tt.want {
				t.Errorf("EndingOf(%q, %q) = %d, want %d", tt.activity, tt.notes, got, tt.want)
			}
		})
	}
}
