package scenarios

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

// fuzzLoad loads a scenario whose file name is replaced by data, to check
// that no input makes Load panic and that an invalid result always comes
// with an error problem.
func fuzzLoad(t *testing.T, name string, data []byte) {
	demo := Demo()
	files := fstest.MapFS{}
	err := fs.WalkDir(demo, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(demo, p)
		files[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files[name] = &fstest.MapFile{Data: data}
	s, ps, err := LoadFS(files, "scenario.toml", LoadOptions{})
	if (err == nil) != (ps.ErrorCount() == 0) || (err == nil) != (s != nil) {
		t.Fatalf("inconsistent result: scenario %v, %d errors, err %v", s != nil, ps.ErrorCount(), err)
	}
}

func seedFrom(f *testing.F, name string) {
	data, err := fs.ReadFile(Demo(), name)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(""))
	f.Add([]byte("\xef\xbb\xbfid\r\n\"a\r\n"))
}

func FuzzChildren(f *testing.F) {
	seedFrom(f, "children.csv")
	f.Add([]byte("id,date_of_birth,home_authority,lat,lon,exclusions\nC1,2012-01-01,X,51,-3,\"circle:1,2,3;authority:\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "children.csv", data) })
}

func FuzzCarers(f *testing.F) {
	seedFrom(f, "carers.csv")
	f.Add([]byte("id,capacity,postcode\nK1,2,ta11aa\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "carers.csv", data) })
}

func FuzzRates(f *testing.F) {
	seedFrom(f, "rates.csv")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "rates.csv", data) })
}

func FuzzScenarioTOML(f *testing.F) {
	seedFrom(f, "scenario.toml")
	f.Add([]byte("children = 'c.csv'\ncarers = \"\"\"k\n\"\"\"\n[match.weights]\n\"a.b\" = 1e400\n[payments]\nretainer_weekly_gbp = -0.0\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzLoad(t, "scenario.toml", data) })
}
