package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// internalErrors are exported sentinels that never reach a handler, so no error map answers
// them; each says why. Anything else exported as Err* must have an answer.
var internalErrors = map[string]string{
	"db.ErrNoJobs":              "a wiring mistake (a DB built without River), found at start-up",
	"db.ErrNoDataKeys":          "a wiring mistake (a DB built without data keys), found by every test that seals",
	"db.ErrKeyNotKept":          "homework's pipelined answer takes the transaction path on it, which reads the key",
	"db.ErrUnmet":               "homework's one-trip answer reads the rows afresh on it (decision 0015)",
	"datakeys.ErrUnknownMaster": "the deployment lost the master key a data key was wrapped with: a fault of ours, a 500 is right",
	"db.ErrSchemaBehind":        "answered by /readyz and the start-up check, not by an API route",
	"notify.ErrPermanent":       "classifies a failed delivery inside a job, which then stops retrying",
	"notify.ErrSkip":            "tells SendOnce a delivery is not needed, inside a job",
	"practice.ErrNotFound":      "auth turns it into ErrUnauthenticated (the practice went away under a session)",
	"reminders.ErrUnknownToken": "the unsubscribe page renders its own HTML answer (404) for it",
	"digests.ErrUnknownToken":   "the digest unsubscribe page renders its own HTML answer (404) for it",
	"seal.ErrOpen":              "a sealed secret that will not open means the server key changed: a fault of ours, a 500 is right",
}

// sentinelsAndAnswers reads every package under internal/: the exported Err* variables made with
// errors.New or fmt.Errorf ("pkg.ErrX"), and the keys of every web.ErrorMap literal.
func sentinelsAndAnswers(t *testing.T) (sentinels map[string]string, answered map[string]bool) {
	t.Helper()
	sentinels, answered = map[string]string{}, map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		pkg := f.Name.Name
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if i < len(n.Values) && strings.HasPrefix(name.Name, "Err") && name.IsExported() && isNewError(n.Values[i]) {
						sentinels[pkg+"."+name.Name] = fset.Position(name.Pos()).String()
					}
				}
			case *ast.CompositeLit:
				if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "ErrorMap" {
					for _, el := range n.Elts {
						// Only its own domain's map answers a sentinel: that is the map its Module mounts.
						if kv, ok := el.(*ast.KeyValueExpr); ok && strings.HasPrefix(qualified(pkg, kv.Key), pkg+".") {
							answered[qualified(pkg, kv.Key)] = true
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sentinels, answered
}

func isNewError(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && (x.Name == "errors" && sel.Sel.Name == "New" || x.Name == "fmt" && sel.Sel.Name == "Errorf")
}

func qualified(pkg string, key ast.Expr) string {
	switch k := key.(type) {
	case *ast.Ident:
		return pkg + "." + k.Name
	case *ast.SelectorExpr:
		if x, ok := k.X.(*ast.Ident); ok {
			return x.Name + "." + k.Sel.Name
		}
	}
	return ""
}

// TestEverySentinelHasAnAnswer fails when an exported sentinel error has no answer in its own
// domain's error map (it would reach a client as a 500) and is not listed, with a reason, as
// internal.
func TestEverySentinelHasAnAnswer(t *testing.T) {
	sentinels, answered := sentinelsAndAnswers(t)
	if len(answered) == 0 {
		t.Fatal("found no web.ErrorMap literal: the scan is broken")
	}
	var missing []string
	for name, where := range sentinels {
		if !answered[name] && internalErrors[name] == "" {
			missing = append(missing, name+" ("+where+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("%s has no answer in an error map: add it to its domain's Errors, or to internalErrors with the reason it never reaches a handler", m)
	}
	for name := range internalErrors {
		if _, ok := sentinels[name]; !ok {
			t.Errorf("internalErrors lists %s, which no longer exists", name)
		}
	}
}

// TestEveryDomainIsMounted fails when a package declares an error map its Module does not
// carry, or has a Module the composition root does not list: its answers or its routes and
// jobs would silently be missing.
func TestEveryDomainIsMounted(t *testing.T) {
	root, err := os.ReadFile("../app/domains.go")
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		pkg := d.Name()
		if !d.IsDir() {
			continue
		}
		mod, err := os.ReadFile(filepath.Join("..", pkg, "module.go"))
		if os.IsNotExist(err) {
			if hasErrorMap(t, pkg) {
				t.Errorf("internal/%s declares Errors but has no module.go giving them to the root", pkg)
			}
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		if hasErrorMap(t, pkg) && !strings.Contains(string(mod), "Errors: Errors") {
			t.Errorf("internal/%s/module.go does not carry the package's Errors", pkg)
		}
		if pkg != "module" && !strings.Contains(string(root), pkg+".Module(") {
			t.Errorf("internal/app/domains.go does not list %s.Module", pkg)
		}
	}
}

// hasErrorMap reports whether a package declares `var Errors = web.ErrorMap{...}`.
func hasErrorMap(t *testing.T, pkg string) bool {
	files, err := filepath.Glob(filepath.Join("..", pkg, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(f, "_test.go") && strings.Contains(string(b), "var Errors = web.ErrorMap{") {
			return true
		}
	}
	return false
}
