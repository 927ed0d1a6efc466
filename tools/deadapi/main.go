// Command deadapi lists the exported identifiers of a Go module that no
// non-test code uses (issue 10: "no exported identifier unused outside
// tests"): delete them, or move them into the tests that use them. Methods
// called through interfaces (String, Error, MarshalJSON, an interface of
// the module) count as used. Main packages, and test helper packages named
// like net/http/httptest (internal/goldentest), are not checked.
//
// With -internal it also lists, as advice, identifiers that only their own
// package uses and that no user of the package needs to name — candidates
// for unexporting. Identifiers a user meets through what they do use (a
// parameter, result or field type, the values of an enumeration) are not
// listed; sentinel errors and a package's documented stages may still be
// worth exporting.
//
// Usage, from the module's root:
//
//	go run ./tools/deadapi [-internal] [-exceptions FILE] [DIR]
//
// It prints one line per finding and exits 1 when any unused identifier is
// not among the exceptions, a file of lines "NAME<tab>why it stays".
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	exceptions := flag.String("exceptions", "", "a file of NAME<tab>REASON lines: findings that are kept on purpose")
	internal := flag.Bool("internal", false, "also list, as advice, identifiers only their own package uses")
	flag.Parse()
	dir := "."
	if flag.NArg() > 0 {
		dir = flag.Arg(0)
	}
	keep, err := readExceptions(*exceptions)
	if err != nil {
		fmt.Fprintln(os.Stderr, "deadapi:", err)
		os.Exit(2)
	}
	pkgs, err := load(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "deadapi:", err)
		os.Exit(2)
	}
	bad := 0
	for _, f := range check(pkgs) {
		if why, ok := keep[f.Name]; ok {
			fmt.Printf("kept     %s\t%s\n", f.Name, why)
			continue
		}
		if f.Verdict == Unused {
			bad++
		} else if !*internal {
			continue
		}
		fmt.Println(f)
	}
	if bad > 0 {
		fmt.Fprintf(os.Stderr, "deadapi: %d exported identifiers unused outside tests\n", bad)
		os.Exit(1)
	}
}

// readExceptions reads NAME<tab>REASON lines; # starts a comment.
func readExceptions(path string) (map[string]string, error) {
	out := map[string]string{}
	if path == "" {
		return out, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		name, why, ok := strings.Cut(text, "\t")
		if !ok || strings.TrimSpace(why) == "" {
			return nil, fmt.Errorf("%s:%d: write NAME, a tab, and why it stays exported", path, line)
		}
		out[strings.TrimSpace(name)] = strings.TrimSpace(why)
	}
	return out, sc.Err()
}
