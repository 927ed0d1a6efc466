// mcf: the peer program for linkmatch's optimal mode (issue 5). It reads the
// same pairs.csv (child_id, carer_id, score) and carers.csv (id, capacity,
// optional current_links), both header-driven CSV with RFC 4180 quoting (a
// scenario's own carers.csv works, "Bristol, City of" and all), and solves
// the same lexicographic problem — most children linked, then highest total
// score — with LEMON's NetworkSimplex (Kiraly & Kovacs, "Efficient implementations
// of minimum-cost flow algorithms", Acta Univ. Sapientiae 2012).
//
// Same integer scaling as linkmatch: s = round(score * 100); each link costs
// -(Big + s) with Big = 10000 * children + 1, so one more link outweighs any
// score difference. Network: S -> child (cap 1), child -> carer (cap 1),
// carer -> T (cap places), and S -> T (cap children, cost 0) for children
// left unlinked; S supplies every child.
//
// Prints: children, pairs, linked, total scaled score (hundredths), and the
// times to read and to solve, on one line.
#include <lemon/smart_graph.h>
#include <lemon/network_simplex.h>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

using namespace lemon;
typedef std::chrono::steady_clock Clock;

static std::string slurp(const char *path) {
	FILE *f = std::fopen(path, "rb");
	if (!f) { std::perror(path); std::exit(1); }
	std::string s;
	std::fseek(f, 0, SEEK_END);
	s.resize(std::ftell(f));
	std::fseek(f, 0, SEEK_SET);
	if (std::fread(&s[0], 1, s.size(), f) != s.size()) { std::perror(path); std::exit(1); }
	std::fclose(f);
	return s;
}

// Splits data into CSV records and their fields, calling fn(fields) for
// each record but blank lines. Fields are read as RFC 4180 says: a field
// starting with a double quote runs to the closing quote, may hold commas
// and line breaks, and doubles its inner quotes (so a carers.csv whose
// authority is "Bristol, City of" keeps its columns). Unquoted fields are
// views into data; quoted ones are unescaped into per-record buffers
// (a deque, so views into earlier buffers stay valid).
template <class F> static void eachRow(const std::string &data, F fn) {
	std::vector<std::string_view> fields;
	std::deque<std::string> unquoted;
	size_t i = 0, n = data.size();
	if (n >= 3 && (unsigned char)data[0] == 0xEF) i = 3; // BOM
	while (i < n) {
		fields.clear();
		size_t used = 0;
		for (;;) {
			if (i < n && data[i] == '"') {
				if (used == unquoted.size()) unquoted.emplace_back();
				std::string &buf = unquoted[used++];
				buf.clear();
				for (i++; i < n; i++) {
					if (data[i] != '"') { buf.push_back(data[i]); continue; }
					if (i + 1 < n && data[i + 1] == '"') { buf.push_back('"'); i++; continue; }
					i++;
					break;
				}
				// Anything between the closing quote and the next comma
				// (malformed) is kept rather than shifting the columns.
				while (i < n && data[i] != ',' && data[i] != '\n' && data[i] != '\r') buf.push_back(data[i++]);
				fields.emplace_back(buf);
			} else {
				size_t s = i;
				while (i < n && data[i] != ',' && data[i] != '\n') i++;
				size_t e = i;
				if (e > s && data[e - 1] == '\r') e--;
				fields.emplace_back(data.data() + s, e - s);
			}
			if (i < n && data[i] == ',') { i++; continue; }
			if (i < n && data[i] == '\r') i++;
			if (i < n && data[i] == '\n') i++;
			break;
		}
		if (!(fields.size() == 1 && fields[0].empty())) fn(fields);
	}
}

static int col(const std::vector<std::string_view> &h, const char *name) {
	for (size_t i = 0; i < h.size(); i++) if (h[i] == name) return (int)i;
	return -1;
}

int main(int argc, char **argv) {
	if (argc != 3) { std::fprintf(stderr, "usage: mcf pairs.csv carers.csv\n"); return 2; }
	auto t0 = Clock::now();
	std::string carers = slurp(argv[2]);
	std::unordered_map<std::string_view, int> carerIdx;
	std::vector<long long> places;
	int cid = -1, ccap = -1, ccur = -1;
	bool header = true;
	eachRow(carers, [&](const std::vector<std::string_view> &f) {
		if (header) { cid = col(f, "id"); ccap = col(f, "capacity"); ccur = col(f, "current_links"); header = false; return; }
		long long cap = std::atoll(std::string(f[ccap]).c_str());
		long long cur = ccur >= 0 ? std::atoll(std::string(f[ccur]).c_str()) : 0;
		carerIdx.emplace(f[cid], (int)places.size());
		places.push_back(cap > cur ? cap - cur : 0);
	});
	std::string pairs = slurp(argv[1]);
	std::unordered_map<std::string_view, int> childIdx;
	std::vector<int> pc, pk;
	std::vector<long long> ps;
	int pch = -1, pca = -1, psc = -1;
	header = true;
	eachRow(pairs, [&](const std::vector<std::string_view> &f) {
		if (header) { pch = col(f, "child_id"); pca = col(f, "carer_id"); psc = col(f, "score"); header = false; return; }
		auto it = carerIdx.find(f[pca]);
		if (it == carerIdx.end()) { std::fprintf(stderr, "unknown carer\n"); std::exit(2); }
		auto c = childIdx.emplace(f[pch], (int)childIdx.size()).first->second;
		double s = std::strtod(std::string(f[psc]).c_str(), nullptr);
		pc.push_back(c); pk.push_back(it->second); ps.push_back(std::llround(s * 100));
	});
	auto t1 = Clock::now();
	long long n = childIdx.size(), m = places.size();
	long long big = 10000 * n + 1;
	SmartDigraph g;
	g.reserveNode(n + m + 2);
	g.reserveArc(pc.size() + n + m + 1);
	SmartDigraph::Node S = g.addNode(), T = g.addNode();
	std::vector<SmartDigraph::Node> cn(n), kn(m);
	for (auto &x : cn) x = g.addNode();
	for (auto &x : kn) x = g.addNode();
	SmartDigraph::ArcMap<long long> cap(g), cost(g);
	for (long long i = 0; i < n; i++) { auto a = g.addArc(S, cn[i]); cap[a] = 1; cost[a] = 0; }
	std::vector<SmartDigraph::Arc> pairArc(pc.size());
	for (size_t e = 0; e < pc.size(); e++) {
		auto a = g.addArc(cn[pc[e]], kn[pk[e]]); cap[a] = 1; cost[a] = -(big + ps[e]); pairArc[e] = a;
	}
	for (long long j = 0; j < m; j++) { auto a = g.addArc(kn[j], T); cap[a] = places[j]; cost[a] = 0; }
	{ auto a = g.addArc(S, T); cap[a] = n; cost[a] = 0; }
	NetworkSimplex<SmartDigraph, long long, long long> ns(g);
	ns.upperMap(cap).costMap(cost).stSupply(S, T, n);
	if (ns.run() != NetworkSimplex<SmartDigraph, long long, long long>::OPTIMAL) { std::fprintf(stderr, "not optimal\n"); return 1; }
	long long linked = 0, total = 0;
	for (size_t e = 0; e < pc.size(); e++) if (ns.flow(pairArc[e]) > 0) { linked++; total += ps[e]; }
	auto t2 = Clock::now();
	std::printf("children %lld pairs %zu linked %lld total_scaled %lld read_s %.3f solve_s %.3f\n", n, pc.size(), linked, total,
	            std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count());
	return 0;
}
