package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// listed is one package as "go list -deps -export -json" describes it.
type listed struct {
	ImportPath, Dir, Name, Export string
	GoFiles                       []string
	Module                        *struct{ Main bool }
}

// loaded is one package of the module, type-checked from its non-test
// files.
type loaded struct {
	path  string
	name  string
	fset  *token.FileSet
	files []*ast.File
	pkg   *types.Package
	info  *types.Info
}

// load type-checks every package of the module in dir from its non-test Go
// files, in dependency order; packages from outside the module (the
// standard library, dependencies) come from the compiler's export data,
// which "go list -export" builds.
func load(dir string) ([]*loaded, error) {
	cmd := exec.Command("go", "list", "-deps", "-export", "-json=ImportPath,Dir,Name,Export,GoFiles,Module", "./...")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v\n%s", err, stderr.Bytes())
	}
	var all []listed
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var l listed
		if err := dec.Decode(&l); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, err
		}
		all = append(all, l)
	}
	exports := map[string]string{}
	for _, l := range all {
		exports[l.ImportPath] = l.Export
	}
	fset := token.NewFileSet()
	gc := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok || f == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(f)
	})
	ours := map[string]*types.Package{}
	imp := importerFunc(func(path string) (*types.Package, error) {
		if p, ok := ours[path]; ok {
			return p, nil
		}
		return gc.Import(path)
	})
	var pkgs []*loaded
	for _, l := range all { // dependencies come before the packages that import them
		if l.Module == nil || !l.Module.Main {
			continue
		}
		p := &loaded{path: l.ImportPath, name: l.Name, fset: fset, info: &types.Info{
			Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
			Selections: map[*ast.SelectorExpr]*types.Selection{}, Types: map[ast.Expr]types.TypeAndValue{},
		}}
		for _, name := range l.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(l.Dir, name), nil, parser.SkipObjectResolution)
			if err != nil {
				return nil, err
			}
			p.files = append(p.files, f)
		}
		conf := types.Config{Importer: imp}
		if p.pkg, err = conf.Check(l.ImportPath, fset, p.files, p.info); err != nil {
			return nil, fmt.Errorf("type-check %s: %w", l.ImportPath, err)
		}
		ours[l.ImportPath] = p.pkg
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// Verdicts on an exported identifier.
const (
	// Unused: no non-test code uses it at all. Delete it (or move it into
	// a _test.go file).
	Unused = "unused"
	// Internal: only its own package uses it, and nothing used outside the
	// package needs it to be named. Unexport it.
	Internal = "internal"
)

// Finding is one exported identifier that should not be exported.
type Finding struct {
	Verdict string
	Name    string // package path, then the identifier ("plan.Window", "plan.Template.Stage")
	Pos     token.Position
}

func (f Finding) String() string {
	return fmt.Sprintf("%-8s %s\t%s:%d", f.Verdict, f.Name, f.Pos.Filename, f.Pos.Line)
}

// interfaceMethods are methods called through interfaces of the standard
// library (fmt.Stringer, error, errors.Is, encoding/json …): they are used
// whether or not any code names them.
var interfaceMethods = map[string]bool{
	"String": true, "Error": true, "Unwrap": true, "Is": true, "As": true, "Format": true, "GoString": true,
	"MarshalJSON": true, "UnmarshalJSON": true, "MarshalText": true, "UnmarshalText": true,
	"Len": true, "Less": true, "Swap": true, "Push": true, "Pop": true,
	"Read": true, "Write": true, "Close": true,
	"Open": true, "ReadFile": true, "Stat": true, "ReadDir": true, // io/fs.FS and its extensions
}

// check reports every exported identifier of the module's library
// packages (not main packages) that is unused outside tests, or used only
// inside its own package and not part of what its users need to name.
func check(pkgs []*loaded) []Finding {
	users := usesByObject(pkgs)
	outside := func(o types.Object) bool {
		for path := range users[o] {
			if path != o.Pkg().Path() {
				return true
			}
		}
		return false
	}
	api := apiSurface(pkgs, outside)
	var out []Finding
	report := func(p *loaded, o types.Object, name string) {
		switch {
		case outside(o), api[o]:
			return
		case len(users[o]) == 0:
			out = append(out, Finding{Unused, name, p.fset.Position(o.Pos())})
		default:
			out = append(out, Finding{Internal, name, p.fset.Position(o.Pos())})
		}
	}
	for _, p := range pkgs {
		if p.name == "main" || strings.HasSuffix(p.name, "test") {
			continue // commands, and test helpers such as internal/goldentest
		}
		short := shortPath(p.path, modulePath(pkgs))
		scope := p.pkg.Scope()
		for _, n := range scope.Names() {
			o := scope.Lookup(n)
			if !o.Exported() {
				continue
			}
			report(p, o, short+"."+n)
			named, ok := o.Type().(*types.Named)
			if _, isType := o.(*types.TypeName); !isType || !ok {
				continue
			}
			for i := 0; i < named.NumMethods(); i++ {
				m := named.Method(i)
				if m.Exported() && !interfaceMethods[m.Name()] && !implementsOurs(pkgs, named, m.Name()) {
					report(p, m, short+"."+n+"."+m.Name())
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// modulePath is the module's path: the shortest package path of the
// module, which every other one extends.
func modulePath(pkgs []*loaded) string {
	m := pkgs[0].path
	for _, p := range pkgs {
		for !strings.HasPrefix(p.path+"/", m+"/") {
			m = m[:max(strings.LastIndexByte(m, '/'), 0)]
		}
	}
	return m
}

// shortPath names a package in findings: its path within the module, or
// the module's last element for the root package.
func shortPath(path, module string) string {
	if rel, ok := strings.CutPrefix(path, module+"/"); ok {
		return rel
	}
	return path[strings.LastIndexByte(path, '/')+1:]
}

// usesByObject maps every object of the module to the packages whose
// non-test code uses it.
func usesByObject(pkgs []*loaded) map[types.Object]map[string]bool {
	users := map[types.Object]map[string]bool{}
	add := func(o types.Object, by string) {
		if o == nil || o.Pkg() == nil {
			return
		}
		switch x := o.(type) {
		case *types.Func:
			o = x.Origin()
		case *types.Var:
			o = x.Origin()
		}
		if users[o] == nil {
			users[o] = map[string]bool{}
		}
		users[o][by] = true
	}
	for _, p := range pkgs {
		for _, o := range p.info.Uses {
			add(o, p.path)
		}
		for _, s := range p.info.Selections {
			add(s.Obj(), p.path)
		}
	}
	return users
}

// implementsOurs reports whether named, or a pointer to it, implements an
// interface of the module that has a method called method: such a method
// is used through the interface.
func implementsOurs(pkgs []*loaded, named *types.Named, method string) bool {
	for _, p := range pkgs {
		scope := p.pkg.Scope()
		for _, n := range scope.Names() {
			tn, ok := scope.Lookup(n).(*types.TypeName)
			if !ok {
				continue
			}
			iface, ok := tn.Type().Underlying().(*types.Interface)
			if !ok || iface.NumMethods() == 0 {
				continue
			}
			has := false
			for i := 0; i < iface.NumMethods(); i++ {
				has = has || iface.Method(i).Name() == method
			}
			if has && (types.Implements(named, iface) || types.Implements(types.NewPointer(named), iface)) {
				return true
			}
		}
	}
	return false
}

// apiSurface is every exported type a user of the module may need to
// name because something they use mentions it — a parameter, result or
// field type of a function, method, type or variable used outside its
// package — and every exported constant of such a type (the values of an
// enumeration whose type users meet).
func apiSurface(pkgs []*loaded, usedOutside func(types.Object) bool) map[types.Object]bool {
	api := map[types.Object]bool{}
	seen := map[types.Type]bool{}
	var visit func(t types.Type)
	visit = func(t types.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		switch x := t.(type) {
		case *types.Named:
			if obj := x.Obj(); obj.Pkg() != nil && obj.Exported() {
				api[obj] = true
			}
			visit(x.Underlying())
			for i := 0; i < x.NumMethods(); i++ {
				if m := x.Method(i); usedOutside(m) {
					visit(m.Type())
				}
			}
		case *types.Pointer:
			visit(x.Elem())
		case *types.Slice:
			visit(x.Elem())
		case *types.Array:
			visit(x.Elem())
		case *types.Map:
			visit(x.Key())
			visit(x.Elem())
		case *types.Chan:
			visit(x.Elem())
		case *types.Signature:
			for i := 0; i < x.Params().Len(); i++ {
				visit(x.Params().At(i).Type())
			}
			for i := 0; i < x.Results().Len(); i++ {
				visit(x.Results().At(i).Type())
			}
		case *types.Struct:
			for i := 0; i < x.NumFields(); i++ {
				if f := x.Field(i); f.Exported() {
					visit(f.Type())
				}
			}
		case *types.Interface:
			for i := 0; i < x.NumMethods(); i++ {
				visit(x.Method(i).Type())
			}
		}
	}
	for _, p := range pkgs {
		scope := p.pkg.Scope()
		for _, n := range scope.Names() {
			if o := scope.Lookup(n); o.Exported() && usedOutside(o) {
				visit(o.Type())
			}
		}
	}
	for _, p := range pkgs {
		scope := p.pkg.Scope()
		for _, n := range scope.Names() {
			if c, ok := scope.Lookup(n).(*types.Const); ok && c.Exported() {
				if named, ok := c.Type().(*types.Named); ok && api[named.Obj()] {
					api[c] = true
				}
			}
		}
	}
	return api
}
