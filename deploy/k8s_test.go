package deploy_test

// These tests render the Kubernetes manifests in k8s/ the way `kubectl apply -k` does, decode
// every object strictly into the official API types, and check the rules the install depends
// on (k8s_rules_test.go). A manifest that kubectl would reject, or that would run but break a
// rule (a root container, a probe on the wrong path, a Service that selects nothing), fails here
// first. No cluster is needed.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

const (
	baseDir       = "k8s/base"
	productionDir = "k8s/overlays/production"
	migrateDir    = "k8s/overlays/production/migrate"
)

// manifest is one kustomization's output, by kind and name. Only these kinds may appear:
// anything else (above all a Secret) is refused by decode.
type manifest struct {
	deployments     map[string]*appsv1.Deployment
	jobs            map[string]*batchv1.Job
	services        map[string]*corev1.Service
	configMaps      map[string]*corev1.ConfigMap
	serviceAccounts map[string]*corev1.ServiceAccount
	ingresses       map[string]*networkingv1.Ingress
	netpols         map[string]*networkingv1.NetworkPolicy
	hpas            map[string]*autoscalingv2.HorizontalPodAutoscaler
	pdbs            map[string]*policyv1.PodDisruptionBudget
	namespaces      map[string]bool // metadata.namespace of every object
}

// render builds dir with kustomize, as `kubectl apply -k dir` would, and returns each object
// as JSON.
func render(t *testing.T, dir string) [][]byte {
	t.Helper()
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	rm, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	var docs [][]byte
	for _, r := range rm.Resources() {
		doc, err := r.MarshalJSON()
		if err != nil {
			t.Fatalf("%s: %s: %v", dir, r.CurId(), err)
		}
		docs = append(docs, doc)
	}
	return docs
}

// decode reads every object into its official type. A field the type does not know (a typo
// such as readOnlyRootFileSystem, which the API server would silently drop) fails, and so does
// any kind not listed here.
func decode(docs [][]byte) (*manifest, error) {
	m := &manifest{deployments: map[string]*appsv1.Deployment{}, jobs: map[string]*batchv1.Job{},
		services: map[string]*corev1.Service{}, configMaps: map[string]*corev1.ConfigMap{},
		serviceAccounts: map[string]*corev1.ServiceAccount{}, ingresses: map[string]*networkingv1.Ingress{},
		netpols: map[string]*networkingv1.NetworkPolicy{}, hpas: map[string]*autoscalingv2.HorizontalPodAutoscaler{},
		pdbs: map[string]*policyv1.PodDisruptionBudget{}, namespaces: map[string]bool{}}
	for _, doc := range docs {
		var head struct {
			APIVersion, Kind string
			Metadata         struct{ Name, Namespace string }
		}
		if err := json.Unmarshal(doc, &head); err != nil {
			return nil, err
		}
		m.namespaces[head.Metadata.Namespace] = true
		if err := m.add(head.APIVersion+" "+head.Kind, head.Metadata.Name, doc); err != nil {
			return nil, fmt.Errorf("%s %s: %w", head.Kind, head.Metadata.Name, err)
		}
	}
	return m, nil
}

func (m *manifest) add(kind, name string, doc []byte) error {
	switch kind {
	case "apps/v1 Deployment":
		return put(m.deployments, name, doc)
	case "batch/v1 Job":
		return put(m.jobs, name, doc)
	case "v1 Service":
		return put(m.services, name, doc)
	case "v1 ConfigMap":
		return put(m.configMaps, name, doc)
	case "v1 ServiceAccount":
		return put(m.serviceAccounts, name, doc)
	case "networking.k8s.io/v1 Ingress":
		return put(m.ingresses, name, doc)
	case "networking.k8s.io/v1 NetworkPolicy":
		return put(m.netpols, name, doc)
	case "autoscaling/v2 HorizontalPodAutoscaler":
		return put(m.hpas, name, doc)
	case "policy/v1 PodDisruptionBudget":
		return put(m.pdbs, name, doc)
	case "v1 Secret":
		return fmt.Errorf("a Secret in the output: the operator creates steady-secrets (k8s/README.md); secret values never live in the repository")
	}
	return fmt.Errorf("unexpected kind %q", kind)
}

// put decodes doc strictly into a new T under name. It uses sigs.k8s.io/json, as the API
// server does: encoding/json (and so sigs.k8s.io/yaml) matches field names ignoring case, and
// would take readOnlyRootFileSystem for readOnlyRootFilesystem.
func put[T any](into map[string]*T, name string, doc []byte) error {
	if _, dup := into[name]; dup {
		return fmt.Errorf("defined twice")
	}
	obj := new(T)
	strict, err := kjson.UnmarshalStrict(doc, obj)
	if err != nil {
		return err
	}
	if len(strict) > 0 {
		return errors.Join(strict...)
	}
	into[name] = obj
	return nil
}

func mustDecode(t *testing.T, docs [][]byte) *manifest {
	t.Helper()
	m, err := decode(docs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestManifestsKeepTheRules renders the base and the production overlay and checks every rule.
func TestManifestsKeepTheRules(t *testing.T) {
	for _, dir := range []string{baseDir, productionDir} {
		t.Run(dir, func(t *testing.T) {
			m := mustDecode(t, render(t, dir))
			for rule, problems := range checkAll(m) {
				for _, p := range problems {
					t.Errorf("%s: %s", rule, p)
				}
			}
		})
	}
}

// TestProductionIsARelease checks what the overlay adds to the base: a tagged image and one
// namespace, so that the Job name carries a real tag and the policies apply to the same pods.
func TestProductionIsARelease(t *testing.T) {
	m := mustDecode(t, render(t, productionDir))
	if len(m.namespaces) != 1 || m.namespaces[""] {
		t.Errorf("every object needs the same namespace, got %v", m.namespaces)
	}
	for _, p := range pods(m) {
		img := p.spec.Spec.Containers[0].Image
		if tag := imageTag(img); tag == "" || tag == "latest" {
			t.Errorf("%s: image %q needs a release tag", p.name, img)
		}
	}
}

// TestMigrateStepMatchesTheRollout: the README applies overlays/production/migrate first and
// the whole overlay second. The first must hold only the migration's objects, each exactly as
// the second renders it, or step two would change (or fail to change: a Job is immutable) them.
func TestMigrateStepMatchesTheRollout(t *testing.T) {
	full := byKindName(t, render(t, productionDir))
	step := byKindName(t, render(t, migrateDir))
	var kinds []string
	for id, doc := range step {
		kinds = append(kinds, strings.Fields(id)[0])
		if !bytes.Equal(doc, full[id]) {
			t.Errorf("%s differs between %s and %s", id, migrateDir, productionDir)
		}
	}
	sort.Strings(kinds)
	if want := []string{"Job", "NetworkPolicy", "ServiceAccount"}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("%s renders %v, want %v", migrateDir, kinds, want)
	}
}

func byKindName(t *testing.T, docs [][]byte) map[string][]byte {
	out := map[string][]byte{}
	for _, doc := range docs {
		var head struct {
			Kind     string
			Metadata struct{ Name string }
		}
		if err := json.Unmarshal(doc, &head); err != nil {
			t.Fatal(err)
		}
		out[head.Kind+" "+head.Metadata.Name] = doc
	}
	return out
}

// TestDecodeRefuses shows that decode is strict: what kubectl would drop or what must never be
// in the repository fails the test instead of passing unseen.
func TestDecodeRefuses(t *testing.T) {
	cases := []struct{ name, doc, want string }{
		{"a Secret with values", `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"steady-secrets"},
			"data":{"DATABASE_URL":"cG9zdGdyZXM6Ly8="}}`, "a Secret in the output"},
		{"an unknown field", `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},
			"spec":{"template":{"spec":{"containers":[{"name":"c","securityContext":{"readOnlyRoot":true}}]}}}}`,
			`unknown field "spec.template.spec.containers[0].securityContext.readOnlyRoot"`},
		// Only the case differs: the API server would drop it, leaving the root writable.
		{"a field in the wrong case", `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},
			"spec":{"template":{"spec":{"containers":[{"name":"c","securityContext":{"readOnlyRootFileSystem":true}}]}}}}`,
			`unknown field "spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem"`},
		{"a field twice", `{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"},
			"spec":{"type":"ClusterIP","type":"NodePort"}}`, `duplicate field "spec.type"`},
		{"an unexpected kind", `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding",
			"metadata":{"name":"x"}}`, "unexpected kind"},
		{"an old API version", `{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler",
			"metadata":{"name":"x"}}`, "unexpected kind"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := decode([][]byte{[]byte(c.doc)})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("decode: %v, want an error with %q", err, c.want)
			}
		})
	}
}

// TestBrokenOverlayFails renders an overlay of the production overlay from a temporary
// directory, the way an operator would add their own, and shows that the same checks catch
// what it breaks.
func TestBrokenOverlayFails(t *testing.T) {
	prod, err := filepath.Abs(productionDir)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct{ extra, want string }{
		// A secretGenerator would commit the secret's value with the overlay.
		"secret": {`
secretGenerator:
  - name: steady-secrets
    literals: [STEADY_SECRET_KEY=x]
`, "a Secret in the output"},
		// serve drains for up to twice the grace: 40s leaves it too little room.
		"grace": {`
configMapGenerator:
  - name: steady-config
    behavior: merge
    literals: [STEADY_SHUTDOWN_GRACE=40s]
`, "shutdown grace"},
		// A host that the public URL (links in email, cookies) does not name.
		"host": {`
patches:
  - target: {kind: Ingress}
    patch: '[{"op": "replace", "path": "/spec/rules/0/host", "value": "other.example.org"}]'
`, "ingress"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			rel, err := filepath.Rel(dir, prod) // kustomize takes no absolute resource paths
			if err != nil {
				t.Fatal(err)
			}
			k := "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [" + rel + "]\n" + c.extra
			if err := os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte(k), 0o644); err != nil {
				t.Fatal(err)
			}
			m, err := decode(render(t, dir))
			switch {
			case err != nil && !strings.Contains(err.Error(), c.want):
				t.Fatalf("decode: %v, want %q", err, c.want)
			case err == nil && len(checkAll(m)[c.want]) == 0:
				t.Fatalf("rule %q passed the broken overlay (problems: %v)", c.want, checkAll(m))
			}
		})
	}
}
