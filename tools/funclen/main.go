// Command funclen lists the functions of a module longer than a limit
// (STYLE.md: "functions over ~80 lines need a reason in a comment") whose
// doc comment does not give that reason: a sentence saying why it is long
// ("It is long because …": the words "is long" or "long because").
//
// Usage, from the module's root:
//
//	go run ./tools/funclen [-max 80] [-tests] [DIR]
//
// Lines are counted from the func keyword to the closing brace. Test files
// are skipped unless -tests is given; testdata folders always are. It
// exits 1 when any function is listed.
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

func main() {
	limit := flag.Int("max", 80, "the most lines a function may have without a reason")
	tests := flag.Bool("tests", false, "check _test.go files too")
	flag.Parse()
	dir := "."
	if flag.NArg() > 0 {
		dir = flag.Arg(0)
	}
	long, err := find(dir, *limit, *tests)
	if err != nil {
		fmt.Fprintln(os.Stderr, "funclen:", err)
		os.Exit(2)
	}
	for _, f := range long {
		fmt.Println(f)
	}
	if len(long) > 0 {
		fmt.Fprintf(os.Stderr, "funclen: %d functions over %d lines without a reason in their comment\n", len(long), *limit)
		os.Exit(1)
	}
}

// Long is a function over the limit without a reason.
type Long struct {
	Pos   token.Position
	Name  string
	Lines int
}

func (l Long) String() string {
	return fmt.Sprintf("%s:%d: %s is %d lines", l.Pos.Filename, l.Pos.Line, l.Name, l.Lines)
}

// reason matches a doc comment that says why its function is long.
var reason = regexp.MustCompile(`(?i)\bis long\b|\blong because\b`)

// find walks dir and returns every function over limit lines whose doc
// comment gives no reason, in file and line order.
func find(dir string, limit int, tests bool) ([]Long, error) {
	var out []Long
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != dir:
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go"):
			return nil
		case !tests && strings.HasSuffix(path, "_test.go"):
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			start, end := fset.Position(fn.Pos()), fset.Position(fn.End())
			n := end.Line - start.Line + 1
			if n <= limit || (fn.Doc != nil && reason.MatchString(fn.Doc.Text())) {
				continue
			}
			out = append(out, Long{Pos: start, Name: funcName(fn), Lines: n})
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pos.Filename != out[j].Pos.Filename {
			return out[i].Pos.Filename < out[j].Pos.Filename
		}
		return out[i].Pos.Line < out[j].Pos.Line
	})
	return out, err
}

// funcName is the function's name, with its receiver type for a method.
func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fn.Name.Name
	}
	return fn.Name.Name
}
