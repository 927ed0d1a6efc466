// Package assign chooses rows for columns: an optimal solver that proves
// its answer with a certificate, and stable and greedy modes to compare it
// with. It knows nothing of what rows and columns stand for and imports
// only the standard library.
//
// # The problem
//
// A Problem has rows, columns with a number of places, and arcs (row,
// column, integer weight ≥ 0) saying where a row may go and what it is
// worth there. A row needs Units places (default 1), all at one column: it
// is placed whole or not at all. Groups are sets of rows that must go to
// one column together or not at all; a group behaves as one row needing
// the sum of its rows' units, with arcs to the columns every row of it has
// an arc to, weighing the sum of the rows' weights. Pins fix rows to
// columns before anything else is placed. The solvers place items: a row
// outside every group, or a whole group.
//
// Slots, when given, also limit how many items a column takes (a group
// counting once, whatever its units). They are met by lowering places,
// within one Solve: after a solve, a column holding more items than its
// slots (and with more places than its slots, or than the units pinned
// there if more) has its places lowered to that many, and the problem is
// solved again, round after round, on the one prepared problem, until no
// column is over (slots.go). The result is optimal for the problem with
// those places (Result.Lowered); it keeps the slots, but another
// placement within the slots and the original places may be better.
//
// Ties are broken by row and column index everywhere, never by input order
// of the arcs. Callers who number rows and columns in the order of their
// ids therefore get results that are deterministic by id.
//
// # The objective
//
// Optimal mode is lexicographic: first place as many units as possible
// (a row needing k places counts k), then maximise the total weight. Units,
// not rows, come first because a unit is what uses a place: two rows of
// one unit each and one row of two compete for the same places on equal
// terms.
//
// The two goals are made one int64 objective. Let N be the units of all
// rows (pinned ones included) and W the most one unit can weigh
// (Problem.MaxWeight, or the largest weight per unit among the arcs when
// that is 0), and
//
//	Big = W·N + 1.
//
// Placing an item of k units with weight w is worth k·Big + w. Any two sets
// of placements differ in total weight by at most W·N < Big, so one more
// unit always outweighs any weight difference, and maximising the sum of
// k·Big + w is exactly the lexicographic objective. In the flow relaxation
// each of an item's k units carries Scale·Big + (Scale/k)·w, where Scale is
// the least common multiple of the sizes of the items left to place (not
// pinned) that need more than one unit (1 when there are none), so that
// every weight stays an integer;
// the objective is then Scale times the one above.
//
// # Algorithms
//
// Optimal mode solves the transportation problem (items supply units,
// columns take up to their places) as a min-cost flow by successive
// shortest augmenting paths with Dijkstra on reduced costs and Johnson
// potentials (Ahuja, Magnanti & Orlin, Network Flows, 1993, §9.7; Tomizawa
// 1971; Edmonds & Karp 1972), in the bipartite Hungarian form of Jonker &
// Volgenant (1987, Computing 38): one search per unit still waiting, which
// stops at the first column with a free place or at "stay unplaced" once
// nothing is closer. Before the searches, single-unit rows bid for columns
// as in Bertsekas's auction algorithm (1988, Ann. Oper. Res. 14; for
// columns with several places Bertsekas & Castañón 1989, Ann. Oper. Res.
// 20) with ε = 0, which is Jonker & Volgenant's augmenting row reduction
// generalised to places. Rows with very many arcs, on large instances,
// start from their heaviest few and the rest are priced against the duals
// (the sparse core of column generation; Carpaneto & Toth 1987).
//
// When not every unit can be placed, a maximum flow ignoring weights
// (Dinic 1970; Hopcroft & Karp 1973) first finds the columns that every
// optimum fills (the Dulmage–Mendelsohn decomposition). They start as
// deficits at a high price and are filled from the rows' side — a reverse
// auction (columns bid for rows; Bertsekas, Castañón & Tsaknakis 1993) and
// searches run backwards from a column — so that rows that cannot be
// placed never bid, and are left unplaced at price 0.
//
// The relaxation may split an item of several units across columns. A
// branch and bound (Land & Doig 1960) then resolves split items. Every
// node is re-solved from its parent's flow and potentials (a warm start:
// a decision leaves deficits and units to place that a few searches
// settle), and every change is journaled and undone on the way back. At a
// node, every resolution of every split item (fixed to each column holding
// part of it, or barred from all of them) is probed; the losses, made
// additive over items whose dual changes are disjoint and compatible,
// bound the node, and the best resolutions taken together give a first
// incumbent. The search branches on one item, a child per resolution. The
// result is proven optimal when the search finishes within
// Options.NodeLimit relaxations (DefaultNodeLimit); otherwise it is the
// best found, and Result.Gap gives how much an optimum could add (the
// bound counts pinned rows too).
//
// Stable mode is row-proposing deferred acceptance with capacities (Gale &
// Shapley 1962; Roth 1984, hospitals/residents): rows rank columns by
// weight, columns rank rows by weight per unit, ties by index. When every
// item needs one unit the result is the row-optimal stable matching and
// CheckStable proves that no row and column would both rather be
// together. Items of several units propose as one and a column keeps
// proposals first-fit; stable matchings need not exist then (the couples
// problem; Roth 1984, Ronn 1990), so stability is best effort.
//
// Greedy mode is the manual baseline: items with the fewest eligible
// columns go first (Brélaz 1979's "most constrained first" rule, as in
// Russell & Norvig, AIMA, §6.3.1), each to its heaviest column with room.
// It never places more units than optimal mode.
//
// SOLVER.md beside this file explains the methods at more length, with
// measurements.
//
// # Certificate
//
// Every optimal result carries a Certificate: a dual price per unit of
// each item and per place of each column. CheckOptimal re-derives Big and
// Scale from the problem and checks, in exact integers and without any of
// the solvers' code, that the placements are feasible (CheckFeasible), the
// prices are non-negative and cover the per-unit weight of every arc, and
// the prices total the placements' objective, with the places of the
// columns that slots lowered (Certificate.Lowered) in place of the
// problem's; CheckFeasible also checks the slots. By LP duality that
// proves no other set of placements does better within those places. When items need several units the
// certificate covers the problem left after the branch-and-bound decisions
// it lists; Result.Proven says whether the branch and bound covered the
// rest.
//
// # Limits
//
// Everything is int64, and Solve refuses — with a *LimitError, matched by
// errors.Is(err, ErrTooLarge) — any problem where
//
//	4 · N · Scale · (Big + W) ≥ 2^63,
//
// or where Big, Scale or an item's units do not fit on their own, or which
// has more than 2^30−1 rows or columns or 2^31−2 arcs. That bound covers
// the largest objective value (N units of Scale·(Big + W) each) with room
// for the searches' path lengths, so nothing can wrap around silently. For
// scale: 7,000 rows of one unit with weights up to 10,000 give Big =
// 70,000,001 and fit with items of up to 16 units of every size at once
// (Scale = 720,720); groups of every size from 2 to 19 together (Scale =
// 232,792,560) are refused.
package assign
