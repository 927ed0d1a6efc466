package generate

import (
	"bytes"
	"fmt"
	iofs "io/fs"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/scenarios"
)

// Source is a file's bytes and the name its problems are reported under;
// no Data means the file was not given.
type Source struct {
	Name string
	Data []byte
}

// BoundariesError is boundaries that cannot be read: bad input.
type BoundariesError struct {
	Name string // the file's name
	Err  error
}

func (e *BoundariesError) Error() string { return e.Name + ": " + e.Err.Error() }

func (e *BoundariesError) Unwrap() error { return e.Err }

// Prepare fills o's places from centroids (a CSV of lat, lon, utla_name)
// and its authority lookup from boundaries (GeoJSON), each when given, and
// returns the files the scenario carries: the demo's rates (the Family
// Link demo's for short breaks), and the boundaries when given.
func Prepare(o *Options, centroids, boundaries Source) (Files, error) {
	var files Files
	if centroids.Data != nil {
		var err error
		if o.Places, err = ReadCentroids(centroids.Data, centroids.Name, boundaries.Data != nil); err != nil {
			return files, err
		}
	}
	if boundaries.Data != nil {
		b, err := geo.LoadBoundaries(bytes.NewReader(boundaries.Data), geo.LoadOptions{})
		if err != nil {
			return files, &BoundariesError{Name: boundaries.Name, Err: err}
		}
		o.Locate = locator(b)
		files.Boundaries = boundaries.Data
	}
	demo := scenarios.Demo()
	if o.Scheme == linkmatch.SchemeShortBreaks {
		demo, _ = scenarios.DemoNamed("bnes-family-link") // always embedded
	}
	rates, err := iofs.ReadFile(demo, "rates.csv")
	if err != nil {
		return files, fmt.Errorf("generate: the demo's rates.csv is missing from this build: %w", err)
	}
	files.Rates = rates
	return files, nil
}
