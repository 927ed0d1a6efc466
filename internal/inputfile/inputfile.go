// Package inputfile opens the files users give linkmatch so that no file
// can hang the program or exhaust its memory: only regular files are read
// (a device such as /dev/zero, a FIFO or a folder is refused before a byte
// is read), never more than a limit that depends on the kind of file, and
// a TOML file is refused when it nests tables or arrays deeper than any
// linkmatch file needs, before a TOML parser sees it.
//
// The errors are typed (ErrNotRegular, ErrTooLarge, ErrTooDeep) so callers
// can turn them into input problems with errors.Is; Problem does so for
// the common case.
package inputfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/hugepage"
)

// Kind is what sort of input a file is; each kind has its own size limit.
type Kind int

// The kinds of input file.
const (
	CSV     Kind = iota // header-driven tables: children, carers, pairs, timelines…
	GeoJSON             // authority boundaries
	TOML                // scenario.toml and stage templates
)

func (k Kind) String() string {
	switch k {
	case GeoJSON:
		return "GeoJSON"
	case TOML:
		return "TOML"
	}
	return "CSV"
}

// MB is a megabyte (2^20 bytes), the unit of the size limits.
const MB = 1 << 20

// The default size limits. They sit far above any real input and far below
// what would exhaust a laptop's memory:
//   - CSV: the largest input we know of is a national pairs.csv (7,000
//     children × 45,000 carers within 40 km: 9.1 million rows, 766 MB, see
//     README "Performance"); 1 GiB leaves room above it.
//   - GeoJSON: the ONS full-resolution (BFC) layer of every local authority
//     in the UK is a few hundred MB; 1 GiB leaves room above it.
//   - TOML: scenario.toml and templates are a few kB; 1 MiB is a thousand
//     times more than any needs, and keeps the TOML parser's own memory use
//     bounded.
const (
	DefaultMaxCSV     = 1024 * MB
	DefaultMaxGeoJSON = 1024 * MB
	DefaultMaxTOML    = 1 * MB
)

// Limits are the largest files, in bytes, read of each kind.
type Limits struct {
	CSV, GeoJSON, TOML int64
}

// DefaultLimits returns the default limit of each kind.
func DefaultLimits() Limits {
	return Limits{CSV: DefaultMaxCSV, GeoJSON: DefaultMaxGeoJSON, TOML: DefaultMaxTOML}
}

// Raised returns the limits with the data kinds (CSV and GeoJSON) raised
// to at least mb megabytes, as "--max-input-mb" asks; TOML keeps its limit,
// since no real TOML input comes near it. mb ≤ 0 changes nothing.
func (l Limits) Raised(mb int64) Limits {
	if mb > 0 {
		b := mb * MB
		l.CSV, l.GeoJSON = max(l.CSV, b), max(l.GeoJSON, b)
	}
	return l
}

// Of returns the limit for files of kind k; a zero limit means the default.
func (l Limits) Of(k Kind) int64 {
	d := DefaultLimits()
	switch k {
	case GeoJSON:
		return cmpOr(l.GeoJSON, d.GeoJSON)
	case TOML:
		return cmpOr(l.TOML, d.TOML)
	}
	return cmpOr(l.CSV, d.CSV)
}

func cmpOr(a, b int64) int64 {
	if a > 0 {
		return a
	}
	return b
}

// Errors of Read, for errors.Is.
var (
	// ErrNotRegular: the path is a device, a FIFO, a socket or a folder.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the file is larger than its kind's limit.
	ErrTooLarge = errors.New("file too large")
	// ErrTooDeep: a TOML file nests tables or arrays too deeply.
	ErrTooDeep = errors.New("nested too deeply")
)

// Error says which file could not be used and why.
type Error struct {
	Path  string
	Kind  Kind
	Err   error  // ErrNotRegular, ErrTooLarge or ErrTooDeep
	What  string // what the path is instead of a regular file ("a folder", "a device"…)
	Size  int64  // ErrTooLarge: the size found (at least Limit+1)
	Limit int64  // ErrTooLarge: the limit
	Line  int    // ErrTooDeep: where the nesting went too deep
	Col   int
}

func (e *Error) Error() string {
	switch {
	case errors.Is(e.Err, ErrNotRegular):
		return fmt.Sprintf("%s is %s, not a regular file", e.Path, e.What)
	case errors.Is(e.Err, ErrTooLarge):
		return fmt.Sprintf("%s is larger than the %s limit of %s", e.Path, e.Kind, sizeText(e.Limit))
	case errors.Is(e.Err, ErrTooDeep):
		return fmt.Sprintf("%s:%d:%d: tables or arrays are nested more than %d deep", e.Path, e.Line, e.Col, MaxTOMLDepth)
	}
	return e.Path + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

func sizeText(n int64) string {
	if n >= MB {
		return fmt.Sprintf("%d MB", n/MB)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Read reads the regular file at path, refusing anything else and any file
// larger than the limit for its kind. The file is opened without blocking
// (O_NONBLOCK), so a FIFO with no writer cannot hang the program, and its
// type is checked on the opened file, so a path swapped for a device
// between a check and the open is still refused. A symbolic link is
// followed: what it points to must be a regular file. TOML files are also
// checked with CheckTOMLDepth.
func Read(path string, k Kind, lim Limits) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &Error{Path: path, Kind: k, Err: ErrNotRegular, What: describe(st.Mode())}
	}
	limit := lim.Of(k)
	if st.Size() > limit {
		return nil, &Error{Path: path, Kind: k, Err: ErrTooLarge, Size: st.Size(), Limit: limit}
	}
	// Files such as those of /proc report size 0 yet hold data, and a file
	// can grow while it is read: read at most limit+1 bytes whatever Stat
	// said.
	data, err := readAtMost(f, st.Size(), limit+1)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &Error{Path: path, Kind: k, Err: ErrTooLarge, Size: int64(len(data)), Limit: limit}
	}
	if k == TOML {
		if line, col, ok := CheckTOMLDepth(data); !ok {
			return nil, &Error{Path: path, Kind: k, Err: ErrTooDeep, Line: line, Col: col}
		}
	}
	return data, nil
}

// describe names a file mode that is not a regular file, for messages.
func describe(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// Problem records err, an error of Read (or of opening the file), as a
// problem with the file named display, and reports whether err was
// recorded (false for nil). hint says where the path came from ("check the
// path given to --timeline").
func Problem(ps *input.Problems, display string, err error, hint string) bool {
	if err == nil {
		return false
	}
	var ie *Error
	switch {
	case errors.As(err, &ie) && errors.Is(err, ErrNotRegular):
		ps.Fail(input.ErrMissingFile, display, 0, 0, "", hint+"; linkmatch reads only ordinary files",
			"this is %s, not an ordinary file", ie.What)
	case errors.As(err, &ie) && errors.Is(err, ErrTooLarge):
		ps.Fail(input.ErrOutOfRange, display, 0, 0, "", "check that this is the right file; if it is, raise the limit with --max-input-mb",
			"the file is larger than the %s limit for %s files", sizeText(ie.Limit), ie.Kind)
	case errors.As(err, &ie) && errors.Is(err, ErrTooDeep):
		ps.Fail(input.ErrMalformed, display, ie.Line, ie.Col, "", "linkmatch's settings files nest tables at most a few levels deep: check the braces { } and brackets [ ]",
			"tables or arrays are nested more than %d deep", MaxTOMLDepth)
	case errors.Is(err, fs.ErrNotExist):
		ps.Fail(input.ErrMissingFile, display, 0, 0, "", hint, "file not found")
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		ps.Fail(input.ErrMissingFile, display, 0, 0, "", hint, "cannot read the file: %v", err)
	}
	return true
}

// readAtMost reads r to its end or to max bytes, whichever comes first,
// into a buffer sized once from size (what Stat said) when that is right.
// Growing it by doubling, as io.ReadAll does, copied a 60 MB pairs file
// about twice over, zeroing fresh memory each time, and left as much again
// for the collector: most of "match --pairs"'s time on the scarce
// scenario. A large buffer is backed by huge pages (internal/hugepage):
// filling 58 MB of 4 KB pages took 14,500 page faults, a third of that
// command's time.
func readAtMost(r io.Reader, size, max int64) ([]byte, error) {
	n := min(size, max)
	if n <= 0 {
		n = 512 // files such as those of /proc report size 0 yet hold data
	}
	buf := make([]byte, 0, n+1) // one byte more, to see the end without growing
	hugepage.Advise(buf)
	for int64(len(buf)) < max {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // the file grew: let append grow the buffer
		}
		k, err := r.Read(buf[len(buf):min(int64(cap(buf)), max)])
		buf = buf[:len(buf)+k]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}
