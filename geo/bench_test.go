package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

// jittered returns n points drawn uniformly from the MSOA centroids (so
// roughly in proportion to population) with Gaussian jitter of sigmaKm in
// each direction, from a fixed seed.
func jittered(tb testing.TB, n int, sigmaKm float64, seed uint64) []Point {
	rows := loadMSOA(tb)
	rng := rand.New(rand.NewPCG(seed, 0x6c696e6b))
	pts := make([]Point, n)
	kmPerDeg := metresPerDegree / 1000
	for i := range pts {
		p := rows[rng.IntN(len(rows))].p
		p.Lat += rng.NormFloat64() * sigmaKm / kmPerDeg
		p.Lon += rng.NormFloat64() * sigmaKm / (kmPerDeg * math.Cos(p.Lat*math.Pi/180))
		pts[i] = p
	}
	return pts
}

// BenchmarkLocate100k locates 100,000 population-weighted points against
// the 153 upper-tier authorities (target < 1 s per op).
func BenchmarkLocate100k(b *testing.B) {
	bd := loadCTYUA(b)
	pts := jittered(b, 100_000, 1, 1)
	dst := make([]int, 0, len(pts))
	b.ResetTimer()
	for b.Loop() {
		dst = dst[:0]
		for _, p := range pts {
			i, _ := bd.Locate(p)
			dst = append(dst, i)
		}
	}
	none := 0
	for _, i := range dst {
		if i < 0 {
			none++
		}
	}
	b.ReportMetric(float64(none), "outside")
}

// BenchmarkNeighbourGraph computes the neighbours of all 153 upper-tier
// authorities (target < 2 s per op).
func BenchmarkNeighbourGraph(b *testing.B) {
	bd := loadCTYUA(b)
	for b.Loop() {
		if _, err := bd.NeighbourGraph(DefaultToleranceM); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCandidates7kBy45k finds, for 7,000 children, the carers among
// 45,000 within 40 km, including building the index (target < 1 s per op),
// for several grid cell sizes.
func BenchmarkCandidates7kBy45k(b *testing.B) {
	carers := jittered(b, 45_000, 1, 2)
	children := jittered(b, 7_000, 1, 3)
	for _, cellKm := range []float64{5, 10, 20} {
		b.Run("cell="+ftoa(cellKm)+"km", func(b *testing.B) {
			var pairs int
			var dst []int
			for b.Loop() {
				ix, err := NewPointIndex(carers, cellKm)
				if err != nil {
					b.Fatal(err)
				}
				pairs = 0
				for _, c := range children {
					dst = ix.Within(c, 40, dst[:0])
					pairs += len(dst)
				}
			}
			b.ReportMetric(float64(pairs), "pairs")
		})
	}
}
