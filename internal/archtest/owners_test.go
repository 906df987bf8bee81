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

// tableRef finds the tables a piece of SQL reads or writes.
var tableRef = regexp.MustCompile(`(?i)\b(?:FROM|JOIN|INTO|UPDATE|TABLE|DELETE FROM)\s+([a-z_][a-z0-9_]*)`)

// tablesNamed lists the owned tables that one package's non-test Go files name in SQL, with where.
func tablesNamed(t *testing.T, dir string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
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
			// GORM's Table("clients c"): the whole literal is a table and an alias.
			if first := strings.Fields(s); len(first) > 0 && len(first) <= 3 {
				names = append(names, first[0])
			}
			for _, name := range names {
				if _, owned := Owners[name]; owned {
					out[name] = append(out[name], fset.Position(lit.Pos()).String())
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

// TestOnlyTheOwnerNamesATable fails when a package's SQL names a table another package owns,
// unless crossings still lists it; and when crossings lists one that is gone.
func TestOnlyTheOwnerNamesATable(t *testing.T) {
	entries, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		pkg := e.Name()
		if !e.IsDir() || notDomains[pkg] != "" {
			continue
		}
		known := map[string]bool{}
		for _, table := range crossings[pkg] {
			known[table] = true
		}
		for table, where := range tablesNamed(t, filepath.Join("..", pkg)) {
			if Owners[table] == pkg {
				continue
			}
			if !known[table] {
				t.Errorf("internal/%s names table %s, owned by internal/%s, at %s: go through %s's exported functions",
					pkg, table, Owners[table], strings.Join(where, ", "), Owners[table])
			}
			delete(known, table)
		}
		for table := range known {
			t.Errorf("internal/%s no longer names table %s: delete it from crossings", pkg, table)
		}
	}
}
