package assign

import "slices"

// finishResult adds the pins, sorts the assignments by row, totals them and
// describes every row left unplaced.
func finishResult(pr *prepared, res *Result) {
	p := pr.p
	for r, j := range pr.pinned {
		if j >= 0 {
			k := pr.candIndex(int32(r), j)
			res.Assignments = append(res.Assignments, Assignment{Row: int32(r), Col: j, Arc: pr.candArc[k], Pinned: true, Group: pr.group[r]})
		}
	}
	slices.SortFunc(res.Assignments, func(a, b Assignment) int { return int(a.Row - b.Row) })
	res.Units, res.Weight = 0, 0
	var pinUnits, pinWeight int64
	placed := make([]bool, p.Rows)
	load := make([]int32, len(p.Places))
	for _, a := range res.Assignments {
		u, w := pr.units[a.Row], p.Arcs[a.Arc].Weight
		res.Units += int64(u)
		res.Weight += w
		placed[a.Row] = true
		if a.Pinned {
			pinUnits, pinWeight = pinUnits+int64(u), pinWeight+w
		} else {
			load[a.Col] += u
		}
	}
	if res.Mode == Optimal {
		// The branch and bound bounds the rows it placed; every solution
		// keeps the pins, so they belong to the bound as to the result.
		res.BoundUnits += pinUnits
		res.BoundWeight += pinWeight
		if res.Proven {
			res.BoundUnits, res.BoundWeight = res.Units, res.Weight
		}
	}
	res.Unplaced = res.Unplaced[:0]
	for ii := range pr.items {
		it := &pr.items[ii]
		if placed[it.rows[0]] {
			continue
		}
		cols, _ := pr.options(it)
		u := Unplaced{Units: it.size, Eligible: len(cols)}
		for _, j := range cols {
			left := pr.places[j] - load[j]
			if left <= 0 {
				u.Full++
			}
			if left >= it.size {
				u.Room++
			}
		}
		for _, r := range it.rows {
			u.Row = r
			res.Unplaced = append(res.Unplaced, u)
		}
	}
	slices.SortFunc(res.Unplaced, func(a, b Unplaced) int { return int(a.Row - b.Row) })
}
