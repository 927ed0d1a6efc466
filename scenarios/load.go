package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/table"
)

// LoadOptions adjust how a scenario is loaded.
type LoadOptions struct {
	// Today is the date age checks use when scenario.toml has no [plan]
	// start: a child born after it, or aged 18 or over on it, is an error.
	// The library never reads the clock; commands pass the date in. When
	// both are zero, age checks are skipped.
	Today linkmatch.Date
	// Limits are the largest files read of each kind; zero limits mean
	// the defaults. Whatever the limits, only regular files are read and
	// scenario.toml's nesting is checked before it is parsed.
	Limits Limits
	// Templates reads the scenario's stage template (plan.ReadTemplateInfo,
	// through internal/pipeline.ReadTemplate), so that a Family Link
	// scenario's kinds of break are checked against it as its rows are
	// read. Nil: the template file is only checked to exist.
	Templates TemplateReader
	// inTurn loads the boundaries after the other files, on the caller's
	// goroutine (startBoundaries): for the test that both ways agree.
	inTurn bool
}

// Limits are the largest input files, in bytes, that loading reads of each
// kind: CSV tables, GeoJSON boundaries, and TOML (scenario.toml and stage
// templates). A zero limit means the default of its kind: 1024 MB for CSV
// and GeoJSON, 1 MB for TOML (the README's "Errors and exit codes").
type Limits struct {
	CSV, GeoJSON, TOML int64
}

// files returns l as package inputfile takes it.
func (l Limits) files() inputfile.Limits {
	return inputfile.Limits{CSV: l.CSV, GeoJSON: l.GeoJSON, TOML: l.TOML}
}

// LoadWith reads and validates the scenario at path: a folder holding
// scenario.toml, or a .toml file, with the files it names relative to it.
//
// Every problem found in every file is in the returned Problems, warnings
// included, each placed at file:line:column. When any is an error, the
// Scenario is nil and the error is a *input.InvalidError (errors.Is(err,
// input.ErrInvalid)); otherwise the error is nil and the Scenario also
// carries the warnings.
func LoadWith(p string, opts LoadOptions) (*Scenario, *input.Problems, error) {
	tomlPath := p
	st, err := os.Stat(p)
	if err == nil && st.IsDir() {
		tomlPath = filepath.Join(p, "scenario.toml")
	}
	if ps := missingScenario(p, tomlPath, err); ps != nil {
		return nil, ps, ps.Err()
	}
	dir := filepath.Dir(tomlPath)
	read := func(rel string, k inputfile.Kind) ([]byte, string, error) {
		full := rel
		if !filepath.IsAbs(rel) {
			full = filepath.Join(dir, filepath.FromSlash(rel))
		}
		data, err := inputfile.Read(full, k, opts.Limits.files())
		return data, full, err
	}
	return load(tomlPath, dir, read, opts)
}

// missingScenario is the problem of a SCENARIO argument that names
// nothing, or a folder without scenario.toml: said as that, not as a file
// scenario.toml names (tryout 14). statErr is os.Stat(p)'s error; nil when
// there is a scenario.toml to read.
func missingScenario(p, tomlPath string, statErr error) *input.Problems {
	const hint = "give the folder that holds scenario.toml, or the scenario's .toml file itself"
	ps := &input.Problems{}
	switch _, err := os.Stat(tomlPath); {
	case errors.Is(statErr, fs.ErrNotExist):
		ps.Fail(input.ErrMissingFile, p, 0, 0, "", hint+"; check the name and where you run linkmatch from", "there is no folder or file of this name")
	case statErr == nil && tomlPath != p && errors.Is(err, fs.ErrNotExist):
		ps.Fail(input.ErrMissingFile, p, 0, 0, "", hint, "the folder has no scenario.toml")
	case statErr == nil && tomlPath == p && !strings.EqualFold(filepath.Ext(p), ".toml"):
		// A data file given where the scenario is expected, such as
		// children.csv: say what to give instead, rather than read it as
		// TOML and report its first comma.
		what := "a " + strings.TrimPrefix(strings.ToUpper(filepath.Ext(p)), ".") + " file"
		if filepath.Ext(p) == "" {
			what = "a file"
		}
		instead := hint
		if parent := filepath.Dir(p); fileExists(filepath.Join(parent, "scenario.toml")) {
			instead = "give the folder that holds scenario.toml: " + parent
		}
		ps.Fail(input.ErrBadValue, p, 0, 0, "", instead, "this is %s, not a scenario: a scenario is a folder holding scenario.toml and the files it names", what)
	default:
		return nil
	}
	return ps
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// loadFS is LoadWith for a scenario inside a file system, such as Demo():
// name is the path of the .toml file (or a folder holding scenario.toml)
// within fsys, and the files it names are read from fsys too.
func loadFS(fsys fs.FS, name string, opts LoadOptions) (*Scenario, *input.Problems, error) {
	if st, err := fs.Stat(fsys, name); err == nil && st.IsDir() {
		name = path.Join(name, "scenario.toml")
	}
	dir := path.Dir(name)
	read := func(rel string, _ inputfile.Kind) ([]byte, string, error) {
		full := path.Join(dir, filepath.ToSlash(rel))
		if !fs.ValidPath(full) {
			return nil, full, fmt.Errorf("%q is outside the scenario: %w", rel, fs.ErrNotExist)
		}
		data, err := fs.ReadFile(fsys, full)
		return data, full, err
	}
	return load(name, dir, read, opts)
}

// readFunc reads a file of kind k named relative to the scenario; display
// is how problems name it.
type readFunc func(rel string, k inputfile.Kind) (data []byte, display string, err error)

// loader holds what loading one scenario has learnt so far, so that later
// files can be checked against earlier ones.
type loader struct {
	read      readFunc
	ps        *input.Problems
	s         *Scenario
	today     linkmatch.Date // zero: no age checks
	templates TemplateReader
	// abroadOK makes a location outside the United Kingdom a warning
	// rather than an error (ReadPoints: points to look up, not people).
	abroadOK bool

	tomlFile  string // scenario.toml, as problems name it
	raw       Files  // the file names as scenario.toml writes them
	needs     map[string]linkmatch.Need
	skills    map[string]bool
	postcodes map[string]latLon // nil when the scenario names no postcodes file
	postFile  string
	boundFile string
	ratesFile string // as problems name it; empty when there is none
	ratesBad  bool   // the rates file has errors of its own

	childRows []rowPos
	carerRows []rowPos
	// Every id and sibling group seen, rows with errors included, so that
	// one bad row does not also make its references look wrong.
	allChildIDs   map[string]bool
	allCarerIDs   map[string]bool
	siblingCounts map[string]int
	// missingCols are the columns a short-breaks scenario requires that a
	// file's header lacks: reported once, at the header, not on each row.
	missingCols map[string]bool
	// schemeBad: scenario.toml's scheme is misspelt (config.schemeBad).
	schemeBad bool
}

func load(tomlPath, dir string, read readFunc, opts LoadOptions) (*Scenario, *input.Problems, error) {
	ps := &input.Problems{}
	s := &Scenario{Path: tomlPath, Dir: dir}
	data, display, err := read(filepath.Base(tomlPath), inputfile.TOML)
	if err != nil {
		fileProblem(ps, display, err)
		return nil, ps, ps.Err()
	}
	if inputfile.UTF16(data) {
		ps.Fail(input.ErrMalformed, display, 1, 1, "", "save scenario.toml again as UTF-8 text (in Notepad: Save As, Encoding UTF-8)",
			"the file is UTF-16 text (\"Unicode\"), not UTF-8, so its settings cannot be read")
		return nil, ps, ps.Err()
	}
	if !isText(data) {
		ps.Fail(input.ErrMalformed, display, 0, 0, "", "save scenario.toml as UTF-8 text", "the file is not UTF-8 text")
		return nil, ps, ps.Err()
	}
	cfg, ok := parseConfig(data, display, ps)
	if !ok {
		return nil, ps, ps.Err() // nothing else can be found without the settings
	}
	s.Name, s.Scheme, s.Payments, s.Match, s.Geo, s.Plan = cfg.name, cfg.scheme, cfg.payments, cfg.match, cfg.geo, cfg.plan
	s.Files = cfg.files
	s.settingPos = cfg.pos
	for _, fk := range fileKeys(&s.Files) {
		if *fk.dst != "" && !filepath.IsAbs(*fk.dst) {
			*fk.dst = filepath.Join(dir, filepath.FromSlash(*fk.dst))
		}
	}
	s.Today = opts.Today
	if s.Plan.Start != 0 {
		s.Today = s.Plan.Start
	}
	l := &loader{read: read, ps: ps, s: s, today: s.Today, tomlFile: display, raw: cfg.files, templates: opts.Templates,
		allChildIDs: map[string]bool{}, allCarerIDs: map[string]bool{}, siblingCounts: map[string]int{}, schemeBad: cfg.schemeBad}

	boundaries := l.startBoundaries(cfg.files.Boundaries, opts.inTurn)
	l.loadTemplate(cfg.files.Template, display, keyPositions(data)["template"])
	l.loadNeeds(cfg.files.Needs)
	if cfg.files.Postcodes != "" {
		l.loadPostcodes(cfg.files.Postcodes)
	}
	if cfg.files.Children != "" {
		l.loadChildren(cfg.files.Children)
	}
	if cfg.files.Carers != "" {
		l.loadCarers(cfg.files.Carers)
	}
	if cfg.files.Rates != "" {
		l.loadRates(cfg.files.Rates)
	} else {
		ps.Warn(input.ErrMissingValue, display, 0, 0, "rates", "add rates = \"rates.csv\" to cost plans", "scenario.toml names no rates file, so plans cannot be costed")
	}
	if cfg.files.TravelTimes != "" {
		l.loadTravelTimes(cfg.files.TravelTimes)
	}
	l.readTexts(cfg.files)
	boundaries()
	l.placeAuthorities()
	l.crossCheck()
	l.checkLinkIDs()
	l.checkOvernightRates()

	if err := ps.Err(); err != nil {
		return nil, ps, err
	}
	ps.Sort()
	s.Warnings = ps.Warnings()
	return s, ps, nil
}

// readTexts reads the files later stages parse — terms, bank holidays,
// template, pinned links — into the scenario's Texts (internal/pipeline's
// Prepare parses them), so that only this package opens a scenario's
// files.
//
// The network file (INTERFACE.md: "Lifelong Links network adults") is for
// a feature not built yet — network adults as candidates in their own
// right (PRODUCT.md, "Where this is heading"). Rather than define a format
// nothing reads, it is only checked to be a readable file, and a warning
// says it is not used, so that no one believes it changed a result.
func (l *loader) readTexts(f Files) {
	if f.Network != "" {
		line, col := l.s.SettingPos("network")
		l.ps.Warn(input.ErrUnknownName, l.tomlFile, line, col, "network",
			"to count a relationship today, list the adult in carers.csv and their id in the child's known_adults",
			"the network file is not used yet: Lifelong Links network adults are not candidates in this version")
	}
	s := l.s
	for _, opt := range []struct {
		rel  string
		kind inputfile.Kind
		dst  *[]byte
	}{
		{f.Network, inputfile.CSV, nil},
		{f.Terms, inputfile.CSV, &s.Texts.Terms}, {f.BankHolidays, inputfile.CSV, &s.Texts.BankHolidays},
		{f.Pinned, inputfile.CSV, &s.Texts.Pinned}, // the template: loadTemplate
	} {
		if opt.rel == "" {
			continue
		}
		data, disp, err := l.read(opt.rel, opt.kind)
		if err != nil {
			l.fileProblem(opt.rel, disp, err)
		} else if opt.dst != nil {
			*opt.dst = data
		}
	}
}

// open reads a CSV input into a table.Reader, reporting a missing or
// unreadable file; nil when there is nothing to read.
func (l *loader) open(rel string, spec table.Spec) *table.Reader {
	data, display, err := l.read(rel, inputfile.CSV)
	if err != nil {
		l.fileProblem(rel, display, err)
		return nil
	}
	return table.New(display, data, spec, l.ps)
}

// fileProblem reports a file scenario.toml names (rel, as written there)
// that cannot be read. A file that is not there is reported at the
// scenario.toml setting that names it, so the fix is found where it is
// made; other problems (too large, not an ordinary file) at the file.
func (l *loader) fileProblem(rel, display string, err error) {
	if errors.Is(err, fs.ErrNotExist) {
		for _, fk := range fileKeys(&l.raw) {
			if *fk.dst == rel && rel != "" {
				line, col := l.s.SettingPos(fk.key)
				l.ps.Fail(input.ErrMissingFile, l.tomlFile, line, col, fk.key,
					"check the file name; names are relative to scenario.toml's folder",
					"file not found: %s", display)
				return
			}
		}
	}
	fileProblem(l.ps, display, err)
}

func fileProblem(ps *input.Problems, display string, err error) {
	inputfile.Problem(ps, display, err, "check the file name in scenario.toml; names are relative to scenario.toml's folder")
}

func isText(data []byte) bool {
	return strings.ToValidUTF8(string(data), "\uFFFD") == string(data)
}

// rowPos remembers where a row's cells are, for problems found once every
// file has been read (a known adult who is not a carer, say). The cells
// are held in the row itself, not in a map per row: 52,000 maps were a
// tenth of loading a national scenario (issue 15).
type rowPos struct {
	file  string
	line  int
	cells [maxCaptured]cellPos
}

// maxCaptured is the most cells capture remembers of a row: the most any
// loader asks for (children.csv, five).
const maxCaptured = 5

// cellPos is where the cell of one column is.
type cellPos struct {
	name      string
	line, col int32
}

func capture(r *table.Reader, names ...string) rowPos {
	rp := rowPos{file: r.File, line: r.Line()}
	for i, n := range names[:min(len(names), maxCaptured)] {
		line, col := r.Pos(n)
		rp.cells[i] = cellPos{n, int32(line), int32(col)}
	}
	return rp
}

// at is where the cell of column col is; 0, 0 when it was not captured.
func (rp *rowPos) at(col string) (line, column int) {
	for _, c := range rp.cells {
		if c.name == col && col != "" {
			return int(c.line), int(c.col)
		}
	}
	return 0, 0
}

func (l *loader) errorAt(rp rowPos, kind input.Kind, col, hint, format string, args ...any) {
	line, c := rp.at(col)
	l.ps.Fail(kind, rp.file, line, c, col, hint, format, args...)
}

func (l *loader) warnAt(rp rowPos, kind input.Kind, col, hint, format string, args ...any) {
	line, c := rp.at(col)
	l.ps.Warn(kind, rp.file, line, c, col, hint, format, args...)
}

func itoa(i int) string { return strconv.Itoa(i) }
