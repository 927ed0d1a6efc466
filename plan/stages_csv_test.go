package plan

import (
	"bytes"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestWriteStages: links by id, stages in order, each to the day before
// the next begins (the last day, inclusive), and an empty span left out.
func TestWriteStages(t *testing.T) {
	d := linkmatch.MustParseDate
	stages := map[string]LinkStages{
		"L-C2-K1": {Link: linkmatch.Link{ID: "L-C2-K1", ChildID: "C2", CarerID: "K1"}, Spans: []StageSpan{
			{Stage: "Introductions", From: d("2027-01-04"), To: d("2027-01-18")},
			{Stage: "Building", From: d("2027-01-18"), To: d("2027-01-18")},
			{Stage: "Developing", From: d("2027-01-18"), To: d("2027-03-01")}}},
		"L-C1-K1": {Link: linkmatch.Link{ID: "L-C1-K1", ChildID: "C1", CarerID: "K1"}, Spans: []StageSpan{
			{Stage: "Introductions", From: d("2027-01-04"), To: d("2027-01-11")}}},
	}
	var b bytes.Buffer
	if err := WriteStages(&b, stages); err != nil {
		t.Fatal(err)
	}
	want := "link_id,child_id,carer_id,stage,from,to\n" +
		"L-C1-K1,C1,K1,Introductions,2027-01-04,2027-01-10\n" +
		"L-C2-K1,C2,K1,Introductions,2027-01-04,2027-01-17\n" +
		"L-C2-K1,C2,K1,Developing,2027-01-18,2027-02-28\n"
	if got := b.String(); got != want {
		t.Errorf("stages.csv:\n%s\nwant\n%s", got, want)
	}
}
