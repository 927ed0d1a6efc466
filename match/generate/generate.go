package generate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/linkmatch/linkmatch"
)

// Options say what to generate.
type Options struct {
	Children, Carers int
	// Seed makes the scenario: the same seed and options give the same
	// people, byte for byte.
	Seed uint64
	// Start is the plan's start date; children's ages are taken on it
	// (default defaultStart(), 2027-01-04).
	Start linkmatch.Date
	// Places are the centres people are spread around, in proportion to
	// their weights (default England's 180 population clusters, placesCSV).
	Places []Place
	// Locate, when set, names the authority a point lies in (from a
	// boundaries file) and reports false for points outside every
	// authority, which are drawn again. With the built-in places and no
	// Locate, England's embedded outlines are used (englandGeoJSON).
	Locate func(lat, lon float64) (authority string, ok bool)
	// Scheme is the kind of scheme to make: step-down (children in
	// residential homes, the default) or Family Link short breaks
	// (disabled children at home, carers offering breaks; breaks.go).
	Scheme linkmatch.Scheme
}

// defaultStart is the plan start date of generated scenarios: a Monday, the
// demo's start.
func defaultStart() linkmatch.Date { return linkmatch.MustParseDate("2027-01-04") }

// Scenario is a generated scenario.
type Scenario struct {
	Name     string
	Scheme   linkmatch.Scheme
	Start    linkmatch.Date
	Children []linkmatch.Child
	Carers   []linkmatch.Carer
}

// ErrOptions marks impossible options.
var ErrOptions = errors.New("generate: invalid options")

// maxPeople bounds a scenario: England has about 83,000 looked-after
// children, so a million of each is far beyond any real use.
const maxPeople = 1_000_000

// Generate makes a scenario. Carers are drawn first from one random stream
// and children from another, so adding carers never changes the children.
func Generate(ctx context.Context, opt Options) (*Scenario, error) {
	if opt.Children < 0 || opt.Carers < 0 || opt.Children > maxPeople || opt.Carers > maxPeople {
		return nil, fmt.Errorf("%w: ask for 0 to %d children and carers", ErrOptions, maxPeople)
	}
	if opt.Start == 0 {
		opt.Start = defaultStart()
	}
	if opt.Places == nil {
		opt.Places = builtinPlaces()
		if opt.Locate == nil {
			opt.Locate = locator(builtinBoundaries()) // England's outlines (englandGeoJSON)
		}
	}
	if len(opt.Places) == 0 {
		return nil, fmt.Errorf("%w: no places to put people", ErrOptions)
	}
	g := &gen{opt: opt, cum: make([]float64, len(opt.Places))}
	total := 0.0
	for i, p := range opt.Places {
		if !(p.Weight >= 0) {
			return nil, fmt.Errorf("%w: place %d has a negative weight", ErrOptions, i)
		}
		total += p.Weight
		g.cum[i] = total
	}
	if !(total > 0) {
		return nil, fmt.Errorf("%w: the places' weights add up to 0", ErrOptions)
	}
	sc := &Scenario{Start: opt.Start, Scheme: opt.Scheme,
		Name: fmt.Sprintf("Synthetic scenario: %d children, %d carers (seed %d)", opt.Children, opt.Carers, opt.Seed)}
	breaks := opt.Scheme == linkmatch.SchemeShortBreaks
	if breaks {
		sc.Name = fmt.Sprintf("Synthetic Family Link short breaks: %d children, %d carers (seed %d)", opt.Children, opt.Carers, opt.Seed)
	}
	// Two streams of one PCG seed (M. E. O'Neill, "PCG: A Family of Simple
	// Fast Space-Efficient Statistically Good Algorithms for Random Number
	// Generation", 2014), one for carers and one for children.
	rk := rand.New(rand.NewPCG(opt.Seed, 0x6b))
	rc := rand.New(rand.NewPCG(opt.Seed, 0x63))
	sc.Carers = make([]linkmatch.Carer, opt.Carers)
	for i := range sc.Carers {
		if i%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if breaks {
			sc.Carers[i] = g.breakCarer(rk, i)
		} else {
			sc.Carers[i] = g.carer(rk, i)
		}
	}
	var err error
	if breaks {
		sc.Children, err = g.breakChildren(ctx, rc)
	} else {
		sc.Children, err = g.children(ctx, rc, sc.Carers)
	}
	if err != nil {
		return nil, err
	}
	if !breaks {
		// A third stream, so that the children themselves are those of
		// earlier versions of the same seed.
		g.moves(rand.New(rand.NewPCG(opt.Seed, 0x6d)), sc.Children)
	}
	return sc, nil
}

type gen struct {
	opt Options
	cum []float64 // cumulative place weights
}

// point draws a position: a place chosen by weight, then a normal offset
// whose rms distance is the place's spread (σ = spread ÷ √2 on each axis).
func (g *gen) point(r *rand.Rand) (lat, lon float64, auth string) {
	for try := 0; ; try++ {
		i, _ := slices.BinarySearch(g.cum, r.Float64()*g.cum[len(g.cum)-1])
		i = min(i, len(g.cum)-1)
		p := g.opt.Places[i]
		sd := p.SpreadKm / math.Sqrt2
		lat = p.Lat + r.NormFloat64()*sd/kmPerDegree
		lon = p.Lon + r.NormFloat64()*sd/(kmPerDegree*math.Cos(p.Lat*math.Pi/180))
		lat, lon = round5(lat), round5(lon)
		if g.opt.Locate == nil {
			if inEngland(lat, lon) || try == 50 {
				return lat, lon, p.Authority
			}
			continue
		}
		if a, ok := g.opt.Locate(lat, lon); ok {
			return lat, lon, a
		}
		if try == 50 { // a place wholly outside the boundaries
			a, _ := g.opt.Locate(p.Lat, p.Lon)
			return round5(p.Lat), round5(p.Lon), a
		}
	}
}

// England's bounding box in degrees, from the ONS boundaries
// (/work/shared/data/README.md): people drawn outside it are drawn again,
// so no one lands in France or the North Sea's far side.
const (
	englandMinLat, englandMaxLat = 49.88, 55.81
	englandMinLon, englandMaxLon = -6.37, 1.76
)

func inEngland(lat, lon float64) bool {
	return lat >= englandMinLat && lat <= englandMaxLat && lon >= englandMinLon && lon <= englandMaxLon
}

// kmPerDegree is the length of a degree of latitude, km (mean Earth radius).
const kmPerDegree = 6371.0088 * math.Pi / 180

// round5 rounds degrees to 5 decimals (about 1 m), as written to files, so
// generated values and values read back agree.
func round5(x float64) float64 { return math.Round(x*1e5) / 1e5 }

// pick returns an index drawn with the given weights.
func pick(r *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func id(prefix byte, i int) string {
	s := strconv.Itoa(i + 1)
	for len(s) < 5 {
		s = "0" + s
	}
	return string(prefix) + s
}
