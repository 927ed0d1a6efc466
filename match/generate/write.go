package generate

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/output"
)

// Files are the extra inputs a written scenario folder carries.
type Files struct {
	// Rates is the rates.csv content to copy (for example the demo's).
	Rates []byte
	// Boundaries, when set, is copied as authorities.geojson and named in
	// scenario.toml.
	Boundaries []byte
}

// Stager stages files to be written together; *output.Batch is one.
type Stager interface {
	// Write stages path with the contents fn writes; on error the whole
	// staging is abandoned.
	Write(path string, fn func(w io.Writer) error) error
}

// FileNames lists the files Stage writes into the folder, for
// callers that must check the folder first.
func FileNames(f Files) []string {
	names := []string{"scenario.toml", "children.csv", "carers.csv"}
	if f.Rates != nil {
		names = append(names, "rates.csv")
	}
	if f.Boundaries != nil {
		names = append(names, "authorities.geojson")
	}
	return names
}

// Stage stages the files of a scenario folder dir into s: scenario.toml,
// children.csv, carers.csv, rates.csv and, when given,
// authorities.geojson, for a caller that commits them (all or none) with
// its own outputs.
func Stage(s Stager, dir string, sc *Scenario, f Files) error {
	breaks := sc.Scheme == linkmatch.SchemeShortBreaks
	contents := map[string]func(io.Writer) error{
		"scenario.toml":       func(w io.Writer) error { return writeTOML(w, sc, f) },
		"children.csv":        func(w io.Writer) error { return writeChildren(w, sc.Children, breaks) },
		"carers.csv":          func(w io.Writer) error { return writeCarers(w, sc.Carers, breaks) },
		"rates.csv":           func(w io.Writer) error { _, e := w.Write(f.Rates); return e },
		"authorities.geojson": func(w io.Writer) error { _, e := w.Write(f.Boundaries); return e },
	}
	for _, name := range FileNames(f) {
		if err := s.Write(filepath.Join(dir, name), contents[name]); err != nil {
			return fmt.Errorf("write scenario to %s: %w", dir, err)
		}
	}
	return nil
}

func writeTOML(w io.Writer, sc *Scenario, f Files) error {
	var s strings.Builder
	s.WriteString("# Made by linkmatch generate: synthetic people only.\n")
	s.WriteString("name = " + strconv.Quote(sc.Name) + "\n")
	if sc.Scheme == linkmatch.SchemeShortBreaks {
		s.WriteString("scheme = \"short_breaks\"\n")
	}
	s.WriteString("children = \"children.csv\"\ncarers = \"carers.csv\"\n")
	if f.Rates != nil {
		s.WriteString("rates = \"rates.csv\"\n")
	}
	if f.Boundaries != nil {
		s.WriteString("boundaries = \"authorities.geojson\"\n")
	}
	if sc.Scheme == linkmatch.SchemeShortBreaks {
		// Family Link carers are paid "an allowance and expenses for all
		// sessions undertaken" (seed 002): no weekly retainer. A year's plan.
		s.WriteString("\n[payments]\nretainer_weekly_gbp = 0\nmileage_gbp_per_mile = 0.45\n")
		s.WriteString("\n[plan]\nstart = " + sc.Start.String() + "\nhorizon = " + sc.Start.AddYears(1).AddDays(-1).String() + "\n")
		s.WriteString("\n[match]\nmax_distance_km = 30\nmax_carers_per_child = 2\n")
	} else {
		s.WriteString("\n[payments]\nretainer_weekly_gbp = 100.00\nmileage_gbp_per_mile = 0.45\n")
		s.WriteString("\n[plan]\nstart = " + sc.Start.String() + "\n")
		s.WriteString("\n[match]\nmax_distance_km = 40\n")
	}
	_, err := io.WriteString(w, s.String())
	return err
}

// writeChildren writes children.csv (INTERFACE.md columns, plus home_name
// and preferences; for short breaks, the breaks and agreement details).
func writeChildren(w io.Writer, children []linkmatch.Child, breaks bool) error {
	c := output.NewCSV(w)
	cols := []string{"id", "date_of_birth", "home_authority", "lat", "lon", "needs", "complexity", "overnight",
		"sibling_group", "known_adults", "home_name", "preferences"}
	if breaks {
		cols = append(cols, "breaks", "activities", "pick_up", "drop_off", "medication", "equipment")
	} else {
		cols = append(cols, "move_lat", "move_lon") // the long-term family's home (moves.go)
	}
	c.Header(cols...)
	for i := range children {
		ch := &children[i]
		c.String(ch.ID)
		c.Raw(ch.DateOfBirth.String())
		c.String(ch.HomeAuthority)
		c.Float(ch.Lat, 5)
		c.Float(ch.Lon, 5)
		c.String(strings.Join(ch.Needs, ";"))
		c.String(ch.Complexity.String())
		c.Raw(yesNo(ch.Overnight))
		c.String(ch.SiblingGroup)
		c.String(strings.Join(ch.KnownAdults, ";"))
		c.String(ch.HomeName)
		c.String(strings.Join(ch.Preferences, ";"))
		if breaks {
			c.String(ch.Breaks.String())
			c.String(strings.Join(ch.Activities, ";"))
			c.String(ch.PickUp)
			c.String(ch.DropOff)
			c.String(ch.Medication)
			c.String(ch.Equipment)
		} else if ch.HasMove {
			c.Float(ch.MoveLat, 5)
			c.Float(ch.MoveLon, 5)
		} else {
			c.Raw("")
			c.Raw("")
		}
		c.End()
	}
	return c.Flush()
}

// writeCarers writes carers.csv (INTERFACE.md columns, plus household and
// attributes; for short breaks, status and the carer's offer).
func writeCarers(w io.Writer, carers []linkmatch.Carer, breaks bool) error {
	c := output.NewCSV(w)
	cols := []string{"id", "lat", "lon", "authority", "capacity", "current_links", "tier", "experience_years", "skills",
		"age_min", "age_max", "overnight", "bedrooms", "availability", "max_travel_km", "household", "attributes"}
	if breaks {
		cols = append(cols, "status", "approval_expected", "sessions_per_month", "most_per_week", "overnights_per_month", "break_kinds")
	}
	c.Header(cols...)
	for i := range carers {
		k := &carers[i]
		c.String(k.ID)
		c.Float(k.Lat, 5)
		c.Float(k.Lon, 5)
		c.String(k.Authority)
		c.Int(int64(k.Capacity))
		c.Int(int64(k.CurrentLinks))
		c.String(k.Tier.String())
		c.Float(k.ExperienceYears, 0)
		c.String(strings.Join(k.Skills, ";"))
		c.Int(int64(k.AgeMin))
		c.Int(int64(k.AgeMax))
		c.Raw(yesNo(k.Overnight))
		c.Int(int64(k.Bedrooms))
		c.String(k.Availability.String())
		if k.MaxTravelKm > 0 {
			c.Float(k.MaxTravelKm, 0)
		} else {
			c.Raw("")
		}
		c.String(strings.Join(k.Household, ";"))
		c.String(strings.Join(k.Attributes, ";"))
		if breaks {
			c.Raw(k.Status.String())
			if k.ApprovalExpected != 0 {
				c.Raw(k.ApprovalExpected.String())
			} else {
				c.Raw("")
			}
			c.Int(int64(k.Offer.SessionsPerMonth))
			c.Int(int64(k.Offer.MostPerWeek))
			c.Int(int64(k.Offer.OvernightsPerMonth))
			c.String(strings.Join(k.Offer.Kinds, ";"))
		}
		c.End()
	}
	return c.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
