package library

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The library ships inside the binary: one YAML file per exercise, named after its slug,
// and the JSON Schema those files follow (served to the template editor as well).
//
//go:embed library/*.yaml library.schema.json
var libraryFiles embed.FS

var library struct {
	once sync.Once
	defs []Definition
	err  error
}

// Library returns every built-in exercise, ordered by phase (atone, attune, attach, any)
// and then by title. Files are parsed once; callers get their own copy to change freely.
func Library() ([]Definition, error) {
	library.once.Do(func() { library.defs, library.err = loadLibrary() })
	if library.err != nil {
		return nil, library.err
	}
	out := make([]Definition, len(library.defs))
	for i := range library.defs {
		out[i] = clone(library.defs[i])
	}
	return out, nil
}

// MustLibrary is Library for start-up: a broken embedded file is a build mistake (the
// library test catches it), so it panics rather than serve a half library.
func MustLibrary() []Definition {
	defs, err := Library()
	if err != nil {
		panic(err)
	}
	return defs
}

// LibraryExercise returns the built-in exercise with this slug.
func LibraryExercise(slug string) (*Definition, bool) {
	if _, err := Library(); err != nil {
		return nil, false
	}
	for i := range library.defs {
		if library.defs[i].Slug == slug {
			d := clone(library.defs[i])
			return &d, true
		}
	}
	return nil, false
}

// LibrarySchema returns the JSON Schema of one exercise file.
func LibrarySchema() []byte {
	b, err := libraryFiles.ReadFile("library.schema.json")
	if err != nil {
		panic(err) // embedded at build time; cannot be missing
	}
	return b
}

func loadLibrary() ([]Definition, error) {
	names, err := libraryFiles.ReadDir("library")
	if err != nil {
		return nil, err
	}
	defs := make([]Definition, 0, len(names))
	for _, n := range names {
		b, err := libraryFiles.ReadFile(path.Join("library", n.Name()))
		if err != nil {
			return nil, err
		}
		d, err := parseExercise(n.Name(), b)
		if err != nil {
			return nil, err
		}
		defs = append(defs, d)
	}
	slices.SortFunc(defs, func(a, b Definition) int {
		return cmp.Or(
			cmp.Compare(slices.Index(Phases, a.Phase), slices.Index(Phases, b.Phase)),
			cmp.Compare(a.Title, b.Title),
			cmp.Compare(a.Slug, b.Slug),
		)
	})
	return defs, nil
}

// parseExercise reads one library file strictly: unknown keys, a second document or a
// slug that differs from the file name are mistakes, not things to ignore.
func parseExercise(name string, b []byte) (Definition, error) {
	var d Definition
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil {
		return d, fmt.Errorf("exercise library %s: %w", name, err)
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return d, fmt.Errorf("exercise library %s: must hold exactly one YAML document", name)
	}
	if want := strings.TrimSuffix(name, ".yaml"); d.Slug != want {
		return d, fmt.Errorf("exercise library %s: slug %q must equal the file name %q", name, d.Slug, want)
	}
	if err := d.Check(); err != nil {
		return d, fmt.Errorf("exercise library %s: %w", name, err)
	}
	return d, nil
}

// clone copies the slices too, so a caller editing its copy cannot change the cache.
func clone(d Definition) Definition {
	d.Fields = slices.Clone(d.Fields)
	for i := range d.Fields {
		d.Fields[i].Options = slices.Clone(d.Fields[i].Options)
	}
	d.Steps = slices.Clone(d.Steps)
	return d
}
