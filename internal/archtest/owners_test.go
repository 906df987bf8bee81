package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// tableRef finds the tables a piece of SQL reads or writes; tableWrite those it writes.
var (
	tableRef   = regexp.MustCompile(`(?i)\b(?:FROM|JOIN|INTO|UPDATE|TABLE|DELETE FROM)\s+([a-z_][a-z0-9_]*)`)
	tableWrite = regexp.MustCompile(`(?i)\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+([a-z_][a-z0-9_]*)`)
)

// use is where one package's SQL names one table, and whether any of those places writes it.
type use struct {
	where  []string
	writes bool
}

// tablesNamed lists the owned tables that one package's non-test Go files name in SQL.
func tablesNamed(t *testing.T, dir string) map[string]*use {
	t.Helper()
	out := map[string]*use{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// Test support (apptest, dbtest) sets up rows directly, as the tests it serves may.
		if d.IsDir() && path != dir && strings.HasSuffix(d.Name(), "test") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		// GORM's Table("clients c"): the literal given to Table is a table and an alias.
		tableArgs := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && len(call.Args) > 0 {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Table" {
					if lit, ok := call.Args[0].(*ast.BasicLit); ok {
						tableArgs[lit] = true
					}
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			names := []string{}
			for _, m := range tableRef.FindAllStringSubmatch(s, -1) {
				names = append(names, strings.ToLower(m[1]))
			}
			if first := strings.Fields(s); tableArgs[lit] && len(first) > 0 {
				names = append(names, first[0])
			}
			written := map[string]bool{}
			for _, m := range tableWrite.FindAllStringSubmatch(s, -1) {
				written[strings.ToLower(m[1])] = true
			}
			for _, name := range names {
				if _, owned := Owners[name]; owned {
					if out[name] == nil {
						out[name] = &use{}
					}
					out[name].where = append(out[name].where, fset.Position(lit.Pos()).String())
					out[name].writes = out[name].writes || written[name]
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// notDomains are the folders whose SQL may name any table: the database layer itself, and the
// benchmark's seeding, which writes every table directly to build large practices quickly.
var notDomains = map[string]string{
	"db":       "the database layer: migrations, tenancy checks",
	"bench":    "benchmark seeding writes every table directly, for speed",
	"archtest": "this package",
}

// TestEachTableHasAnOwner fails when a migration creates a table that Owners does not list.
func TestEachTableHasAnOwner(t *testing.T) {
	created := regexp.MustCompile(`(?i)CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)`)
	files, err := filepath.Glob("../../migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found (%v)", err)
	}
	for _, f := range files {
		sql, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range created.FindAllStringSubmatch(string(sql), -1) {
			if _, ok := Owners[strings.ToLower(m[1])]; !ok {
				t.Errorf("%s creates table %s, which has no owner in archtest.Owners", filepath.Base(f), m[1])
			}
		}
	}
}

// TestOnlyTheOwnerWritesATable fails when a package's SQL inserts into, updates or deletes from
// a table another package owns. There is no ledger for writes: the owner's functions keep its
// rules (audit rows, checks, invariants), so a write always goes through them.
func TestOnlyTheOwnerWritesATable(t *testing.T) {
	forEachDomain(t, func(pkg, table string, u *use) {
		if u.writes {
			t.Errorf("internal/%s writes table %s, owned by internal/%s, at %s: call %s's exported functions",
				pkg, table, Owners[table], strings.Join(u.where, ", "), Owners[table])
		}
	})
}

// TestReadsAcrossOwnersAreDeclared fails when a package's SQL reads a table another package
// owns without a line in joins saying why, and when joins lists a read that has gone.
func TestReadsAcrossOwnersAreDeclared(t *testing.T) {
	seen := map[string]bool{}
	forEachDomain(t, func(pkg, table string, u *use) {
		seen[pkg+" "+table] = true
		if joins[pkg][table] == "" {
			t.Errorf("internal/%s reads table %s, owned by internal/%s, at %s: call %s's exported functions, "+
				"or say in archtest's joins why one statement across owners is the point",
				pkg, table, Owners[table], strings.Join(u.where, ", "), Owners[table])
		}
	})
	for pkg, tables := range joins {
		for table := range tables {
			if !seen[pkg+" "+table] {
				t.Errorf("internal/%s no longer reads table %s: delete it from joins", pkg, table)
			}
		}
	}
}

// forEachDomain calls fn for each table a domain package's SQL names that another package owns.
func forEachDomain(t *testing.T, fn func(pkg, table string, u *use)) {
	t.Helper()
	entries, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		pkg := e.Name()
		if !e.IsDir() || notDomains[pkg] != "" {
			continue
		}
		for table, u := range tablesNamed(t, filepath.Join("..", pkg)) {
			if Owners[table] != pkg {
				fn(pkg, table, u)
			}
		}
	}
}
