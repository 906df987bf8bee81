package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// namedNext is SQL that ends where a table's name comes next: FROM, JOIN, INTO, UPDATE, TABLE,
// in capitals as Steady writes SQL (a message's "from " is not a statement).
var namedNext = regexp.MustCompile(`\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+$`)

// runTimeTables lists where one package's non-test Go files build SQL whose table name is not a
// constant: a string ending in FROM (or JOIN, INTO, UPDATE, TABLE) joined to a value computed
// when the program runs. A constant joined there (a shared FROM clause) is written SQL.
func runTimeTables(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	consts := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != dir {
			return filepath.SkipDir // a package at a time; test support (apptest, dbtest) has its own dirs
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files[path] = f
		for _, decl := range f.Decls {
			if g, ok := decl.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, spec := range g.Specs {
					for _, n := range spec.(*ast.ValueSpec).Names {
						consts[n.Name] = true
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok || b.Op != token.ADD {
				return true
			}
			lit, ok := edge(b.X, true).(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !namedNext.MatchString(s) {
				return true
			}
			switch next := edge(b.Y, false).(type) {
			case *ast.BasicLit:
			case *ast.Ident:
				if !consts[next.Name] {
					out = append(out, fset.Position(lit.Pos()).String())
				}
			default:
				out = append(out, fset.Position(lit.Pos()).String())
			}
			return true
		})
	}
	sort.Strings(out)
	return out
}

// edge is the last (or, with right false, the first) operand of a chain of + .
func edge(e ast.Expr, right bool) ast.Expr {
	for {
		b, ok := e.(*ast.BinaryExpr)
		if !ok || b.Op != token.ADD {
			return e
		}
		if right {
			e = b.Y
		} else {
			e = b.X
		}
	}
}

// TestTablesNamedAtRunTimeAreDeclared fails when a package builds SQL around a table name found
// at run time without a line in catalogReaders saying why, and when catalogReaders lists a
// package that no longer does.
func TestTablesNamedAtRunTimeAreDeclared(t *testing.T) {
	entries, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		pkg := e.Name()
		if !e.IsDir() || notDomains[pkg] != "" {
			continue
		}
		where := runTimeTables(t, filepath.Join("..", pkg))
		if len(where) == 0 {
			continue
		}
		seen[pkg] = true
		if catalogReaders[pkg] == "" {
			t.Errorf("internal/%s builds SQL around a table name found at run time, at %s: name the table in the "+
				"statement (so archtest can see who reads it), or say in archtest's catalogReaders why it must not",
				pkg, strings.Join(where, ", "))
		}
	}
	for pkg := range catalogReaders {
		if !seen[pkg] {
			t.Errorf("internal/%s no longer builds SQL around a table name found at run time: delete it from catalogReaders", pkg)
		}
	}
}
