package deploy_test

// The rules the Kubernetes manifests keep. Each rule reads a decoded manifest and reports what
// it finds wrong; checkAll runs them all. k8s_negative_test.go breaks each rule once to show
// that it is really checked.

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
)

// The image's user (deploy/Containerfile) and the one Secret the operator creates.
const (
	imageUser  = 65532
	secretName = "steady-secrets"
)

type report func(format string, args ...any)

type rule struct {
	name  string
	check func(m *manifest, bad report)
}

var rules = []rule{
	{"inventory", checkInventory},
	{"pod security", checkPodSecurity},
	{"resources", checkResources},
	{"commands", checkCommands},
	{"probes", checkProbes},
	{"spread", checkSpread},
	{"disruption budgets", checkPDBs},
	{"autoscaling", checkHPA},
	{"service", checkService},
	{"ingress", checkIngress},
	{"network policies", checkNetworkPolicies},
	{"secrets", checkSecrets},
	{"config refs", checkConfigRefs},
	{"same env", checkSameEnv},
	{"shutdown grace", checkShutdownGrace},
	{"migration job", checkMigrationJob},
}

// checkAll returns each broken rule's problems; an empty map means every rule holds.
func checkAll(m *manifest) map[string][]string {
	out := map[string][]string{}
	for _, r := range rules {
		r.check(m, func(format string, args ...any) {
			out[r.name] = append(out[r.name], fmt.Sprintf(format, args...))
		})
	}
	return out
}

// pod is the pod template of a Deployment or Job, with the role it plays.
type pod struct {
	name string // Deployment/steady-serve
	role string // serve, worker or migrate
	spec *corev1.PodTemplateSpec
}

// pods lists every pod template in a fixed order.
func pods(m *manifest) []pod {
	var out []pod
	for _, name := range sortedKeys(m.deployments) {
		role := strings.TrimPrefix(name, "steady-")
		out = append(out, pod{"Deployment/" + name, role, &m.deployments[name].Spec.Template})
	}
	for _, name := range sortedKeys(m.jobs) {
		out = append(out, pod{"Job/" + name, "migrate", &m.jobs[name].Spec.Template})
	}
	return out
}

// podOf is the pod template playing role; an empty one when there is none (checkInventory
// reports that), so that the other rules report instead of panicking.
func podOf(m *manifest, role string) *corev1.PodTemplateSpec {
	for _, p := range pods(m) {
		if p.role == role {
			return p.spec
		}
	}
	return &corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{}}}}
}

func sortedKeys[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// selects reports whether sel picks pods labelled podLabels.
func selects(sel *metav1.LabelSelector, podLabels map[string]string) bool {
	if sel == nil || (len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0) {
		return false // an empty selector selects everything: never what is meant here
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	return err == nil && s.Matches(labels.Set(podLabels))
}

// checkInventory: the objects the README describes, all in one namespace (policies, budgets
// and Services reach only their own namespace's pods).
func checkInventory(m *manifest, bad report) {
	if got := sortedKeys(m.deployments); !slices.Equal(got, []string{"steady-serve", "steady-worker"}) {
		bad("Deployments %v, want steady-serve and steady-worker", got)
	}
	if len(m.jobs) != 1 || len(m.services) != 1 || len(m.ingresses) != 1 || len(m.configMaps) != 1 {
		bad("want one Job, Service, Ingress and ConfigMap, got %d, %d, %d, %d",
			len(m.jobs), len(m.services), len(m.ingresses), len(m.configMaps))
	}
	if len(m.namespaces) != 1 {
		bad("objects in several namespaces: %v", sortedKeys(m.namespaces))
	}
}

// checkPodSecurity: every pod runs as the image's non-root user, with no way to gain
// privileges, a read-only root filesystem and the runtime's default seccomp profile.
func checkPodSecurity(m *manifest, bad report) {
	for _, p := range pods(m) {
		s := p.spec.Spec
		psc := s.SecurityContext
		if psc == nil || !isTrue(psc.RunAsNonRoot) || !is(psc.RunAsUser, imageUser) ||
			psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
			bad("%s: pod securityContext needs runAsNonRoot, runAsUser %d and seccomp RuntimeDefault", p.name, imageUser)
		}
		if s.AutomountServiceAccountToken == nil || *s.AutomountServiceAccountToken {
			bad("%s: mounts a service account token it never uses", p.name)
		}
		if s.HostNetwork || s.HostPID || s.HostIPC {
			bad("%s: shares the node's namespaces", p.name)
		}
		for _, c := range append(s.InitContainers, s.Containers...) {
			checkContainerSecurity(p.name+"/"+c.Name, c.SecurityContext, bad)
		}
	}
}

func checkContainerSecurity(name string, sc *corev1.SecurityContext, bad report) {
	if sc == nil {
		bad("%s: no securityContext", name)
		return
	}
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || isTrue(sc.Privileged) {
		bad("%s: allowPrivilegeEscalation must be false", name)
	}
	if !isTrue(sc.ReadOnlyRootFilesystem) {
		bad("%s: readOnlyRootFilesystem must be true", name)
	}
	if sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") || len(sc.Capabilities.Add) > 0 {
		bad("%s: capabilities must drop ALL and add none", name)
	}
	if (sc.RunAsUser != nil && *sc.RunAsUser != imageUser) || (sc.RunAsNonRoot != nil && !*sc.RunAsNonRoot) {
		bad("%s: overrides the pod's non-root user", name)
	}
}

func isTrue(b *bool) bool       { return b != nil && *b }
func is(n *int64, v int64) bool { return n != nil && *n == v }

// checkResources: every container requests CPU and memory (the scheduler and the HPA work
// from requests) and is limited (a leak is killed, not the node).
func checkResources(m *manifest, bad report) {
	for _, p := range pods(m) {
		for _, c := range p.spec.Spec.Containers {
			r := c.Resources
			for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
				req, limit := r.Requests[res], r.Limits[res]
				if req.IsZero() || limit.IsZero() {
					bad("%s/%s: %s needs a request and a limit", p.name, c.Name, res)
				} else if req.Cmp(limit) > 0 {
					bad("%s/%s: %s request above its limit", p.name, c.Name, res)
				}
			}
		}
	}
}

// checkCommands: one container per pod, running the image's entrypoint with its role as the
// subcommand, and every pod on the same image.
func checkCommands(m *manifest, bad report) {
	images := map[string]bool{}
	for _, p := range pods(m) {
		cs := p.spec.Spec.Containers
		if len(cs) != 1 {
			bad("%s: want one container, got %d", p.name, len(cs))
			continue
		}
		if len(cs[0].Command) > 0 || !slices.Equal(cs[0].Args, []string{p.role}) {
			bad("%s: runs %v %v, want the entrypoint with [%s]", p.name, cs[0].Command, cs[0].Args, p.role)
		}
		images[cs[0].Image] = true
	}
	if len(images) != 1 {
		bad("pods run different images: %v", sortedKeys(images))
	}
}

// checkProbes: serve is probed where it answers; the worker, which listens on nothing, is not
// probed at all (an HTTP or TCP probe could only fail, and the image has no shell for exec).
func checkProbes(m *manifest, bad report) {
	c := podOf(m, "serve").Spec.Containers[0]
	for _, want := range []struct {
		kind  string
		probe *corev1.Probe
		path  string
	}{{"liveness", c.LivenessProbe, "/healthz"}, {"readiness", c.ReadinessProbe, "/readyz"}, {"startup", c.StartupProbe, "/healthz"}} {
		if want.probe == nil && want.kind == "startup" {
			continue // optional
		}
		if want.probe == nil || want.probe.HTTPGet == nil || want.probe.HTTPGet.Path != want.path ||
			!portOf(c, want.probe.HTTPGet.Port, listenPort(m)) {
			bad("serve: needs a %s probe on GET %s at its listening port", want.kind, want.path)
		}
	}
	for _, role := range []string{"worker", "migrate"} {
		w := podOf(m, role).Spec.Containers[0]
		if w.LivenessProbe != nil || w.ReadinessProbe != nil || w.StartupProbe != nil {
			bad("%s: has a probe, but `steady %s` listens on no port", role, role)
		}
	}
}

// portOf reports whether port (a name or a number) is one of c's ports, numbered want.
func portOf(c corev1.Container, port intstr.IntOrString, want int32) bool {
	for _, p := range c.Ports {
		if (port.Type == intstr.String && p.Name == port.StrVal) || (port.Type == intstr.Int && p.ContainerPort == port.IntVal) {
			return p.ContainerPort == want
		}
	}
	return false
}

// listenPort is the port of STEADY_ADDR, where serve listens.
func listenPort(m *manifest) int32 {
	_, port, err := net.SplitHostPort(config(m, "STEADY_ADDR"))
	if err != nil {
		return -1
	}
	var n int32
	fmt.Sscan(port, &n)
	return n
}

// config reads a setting from the ConfigMap serve takes its environment from.
func config(m *manifest, key string) string {
	for _, from := range podOf(m, "serve").Spec.Containers[0].EnvFrom {
		if from.ConfigMapRef != nil {
			if cm := m.configMaps[from.ConfigMapRef.Name]; cm != nil {
				return cm.Data[key]
			}
		}
	}
	return ""
}

// checkSpread: each Deployment spreads its own pods across zones and nodes.
func checkSpread(m *manifest, bad report) {
	for _, p := range pods(m) {
		if p.role == "migrate" {
			continue
		}
		keys := map[string]bool{}
		for _, c := range p.spec.Spec.TopologySpreadConstraints {
			if selects(c.LabelSelector, p.spec.Labels) {
				keys[c.TopologyKey] = true
			}
		}
		if !keys["topology.kubernetes.io/zone"] || !keys["kubernetes.io/hostname"] {
			bad("%s: needs topologySpreadConstraints over zone and hostname that select its pods", p.name)
		}
	}
}

// checkPDBs: each Deployment has exactly one budget, and each budget covers one Deployment.
func checkPDBs(m *manifest, bad report) {
	covered := map[string]int{}
	for name, pdb := range m.pdbs {
		var matched []string
		for _, p := range pods(m) {
			if p.role != "migrate" && selects(pdb.Spec.Selector, p.spec.Labels) {
				matched = append(matched, p.name)
				covered[p.name]++
			}
		}
		if len(matched) != 1 {
			bad("PodDisruptionBudget %s selects %v, want one Deployment's pods", name, matched)
		}
	}
	for _, p := range pods(m) {
		if p.role != "migrate" && covered[p.name] != 1 {
			bad("%s: covered by %d PodDisruptionBudgets, want 1", p.name, covered[p.name])
		}
	}
}

// checkHPA: serve is autoscaled between sane bounds, and its Deployment leaves replicas to the
// autoscaler (a replicas field would reset the autoscaler's choice on every apply).
func checkHPA(m *manifest, bad report) {
	targets := map[string]bool{}
	for name, h := range m.hpas {
		ref := h.Spec.ScaleTargetRef
		d := m.deployments[ref.Name]
		if ref.APIVersion != "apps/v1" || ref.Kind != "Deployment" || d == nil {
			bad("HPA %s targets %s/%s %s, which is not here", name, ref.APIVersion, ref.Kind, ref.Name)
			continue
		}
		targets[ref.Name] = true
		if h.Spec.MinReplicas == nil || *h.Spec.MinReplicas < 2 || h.Spec.MaxReplicas < *h.Spec.MinReplicas || len(h.Spec.Metrics) == 0 {
			bad("HPA %s: needs minReplicas of at least 2, maxReplicas above it and a metric", name)
		}
		if d.Spec.Replicas != nil {
			bad("Deployment %s sets replicas, but HPA %s owns them", ref.Name, name)
		}
	}
	if !targets["steady-serve"] {
		bad("no HPA targets steady-serve")
	}
}

// checkService: the Service reaches serve's pods, and only them, on the port serve listens on.
func checkService(m *manifest, bad report) {
	serve := podOf(m, "serve")
	for name, s := range m.services {
		sel := &metav1.LabelSelector{MatchLabels: s.Spec.Selector}
		for _, p := range pods(m) {
			if selects(sel, p.spec.Labels) != (p.role == "serve") {
				bad("Service %s: selector %v must select serve's pods and no others (%s)", name, s.Spec.Selector, p.name)
			}
		}
		for _, port := range s.Spec.Ports {
			if !portOf(serve.Spec.Containers[0], port.TargetPort, listenPort(m)) {
				bad("Service %s: targetPort %s is not serve's listening port %d", name, port.TargetPort.String(), listenPort(m))
			}
		}
	}
}

// checkIngress: TLS for the host that STEADY_PUBLIC_URL names (links in email and secure
// cookies depend on it), routed to a port the Service has.
func checkIngress(m *manifest, bad report) {
	public, err := url.Parse(config(m, "STEADY_PUBLIC_URL"))
	if err != nil || public.Scheme != "https" {
		bad("STEADY_PUBLIC_URL %q must be an https URL", config(m, "STEADY_PUBLIC_URL"))
		return
	}
	for name, ing := range m.ingresses {
		tls := map[string]bool{}
		for _, t := range ing.Spec.TLS {
			for _, h := range t.Hosts {
				tls[h] = t.SecretName != ""
			}
		}
		for _, r := range ing.Spec.Rules {
			if r.Host != public.Hostname() || !tls[r.Host] {
				bad("Ingress %s: host %q needs TLS and must be STEADY_PUBLIC_URL's host %q", name, r.Host, public.Hostname())
			}
			for _, path := range r.HTTP.Paths {
				checkBackend(m, name, path.Backend, bad)
			}
		}
	}
}

func checkBackend(m *manifest, ingress string, b networkingv1.IngressBackend, bad report) {
	if b.Service == nil || m.services[b.Service.Name] == nil {
		bad("Ingress %s: backend is not a Service here", ingress)
		return
	}
	want := b.Service.Port
	for _, p := range m.services[b.Service.Name].Spec.Ports {
		if (want.Name != "" && p.Name == want.Name) || (want.Name == "" && p.Port == want.Number) {
			return
		}
	}
	bad("Ingress %s: Service %s has no port %v", ingress, b.Service.Name, want)
}

// egressAllowed is where each role may connect: DNS and PostgreSQL; serve and worker also
// SMTP submission and HTTPS (Stripe, Twilio).
// 6432 is PgBouncer's usual port (deploy/k8s/README.md).
var egressAllowed = map[string][]string{
	"serve":   {"UDP/53", "TCP/53", "TCP/5432", "TCP/6432", "TCP/587", "TCP/443"},
	"worker":  {"UDP/53", "TCP/53", "TCP/5432", "TCP/6432", "TCP/587", "TCP/443"},
	"migrate": {"UDP/53", "TCP/53", "TCP/5432"},
}

// checkNetworkPolicies: every pod is under a policy for both directions. Policies add up, so
// every rule of every policy that selects a pod must keep to what that pod may do: serve
// accepts only from a named namespace (the ingress controller's) on its port; the others
// accept nothing; egress only to egressAllowed.
func checkNetworkPolicies(m *manifest, bad report) {
	for _, p := range pods(m) {
		var types []networkingv1.PolicyType
		for _, name := range sortedKeys(m.netpols) {
			np := m.netpols[name]
			sel := np.Spec.PodSelector
			if len(sel.MatchLabels)+len(sel.MatchExpressions) > 0 && !selects(&sel, p.spec.Labels) {
				continue // an empty podSelector selects every pod
			}
			types = append(types, np.Spec.PolicyTypes...)
			checkIngressRules(m, p, name, np.Spec.Ingress, bad)
			checkEgressRules(p, name, np.Spec.Egress, bad)
		}
		if !slices.Contains(types, networkingv1.PolicyTypeIngress) || !slices.Contains(types, networkingv1.PolicyTypeEgress) {
			bad("%s: no NetworkPolicy restricts both its ingress and its egress", p.name)
		}
	}
}

func checkIngressRules(m *manifest, p pod, policy string, rules []networkingv1.NetworkPolicyIngressRule, bad report) {
	for _, r := range rules {
		if p.role != "serve" {
			bad("%s: NetworkPolicy %s lets connections in, but it serves nothing", p.name, policy)
			continue
		}
		for _, from := range r.From {
			if from.IPBlock != nil || from.NamespaceSelector == nil || len(from.NamespaceSelector.MatchLabels) == 0 {
				bad("%s: NetworkPolicy %s admits more than a named namespace", p.name, policy)
			}
		}
		if len(r.From) == 0 {
			bad("%s: NetworkPolicy %s admits every source", p.name, policy)
		}
		for _, port := range r.Ports {
			if port.Port == nil || port.Port.IntVal != listenPort(m) || port.EndPort != nil {
				bad("%s: NetworkPolicy %s admits a port other than %d", p.name, policy, listenPort(m))
			}
		}
		if len(r.Ports) == 0 {
			bad("%s: NetworkPolicy %s admits every port", p.name, policy)
		}
	}
}

func checkEgressRules(p pod, policy string, rules []networkingv1.NetworkPolicyEgressRule, bad report) {
	for _, r := range rules {
		if len(r.Ports) == 0 {
			bad("%s: NetworkPolicy %s lets it reach every port", p.name, policy)
		}
		for _, port := range r.Ports {
			proto := corev1.ProtocolTCP
			if port.Protocol != nil {
				proto = *port.Protocol
			}
			if port.Port == nil || port.EndPort != nil || !slices.Contains(egressAllowed[p.role], fmt.Sprintf("%s/%s", proto, port.Port)) {
				bad("%s: NetworkPolicy %s lets it reach %s/%v, beyond %v", p.name, policy, proto, port.Port, egressAllowed[p.role])
			}
		}
	}
}

// secretSettings are the settings that are secrets: they come from the Secret, never from
// the manifests.
var secretSettings = []string{"DATABASE_URL", "MIGRATION_DATABASE_URL", "STEADY_SECRET_KEY", "SMTP_USERNAME",
	"SMTP_PASSWORD", "STEADY_STRIPE_SECRET_KEY", "STEADY_STRIPE_WEBHOOK_SECRET", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"}

// checkSecrets: every secret reference names the one Secret the README tells the operator to
// create; no secret setting is written into a manifest; the app pods never hold the schema
// owner's URL (the owner bypasses row-level security), and the migration holds only that.
func checkSecrets(m *manifest, bad report) {
	for _, cm := range m.configMaps {
		for _, key := range secretSettings {
			if _, ok := cm.Data[key]; ok {
				bad("ConfigMap %s holds the secret %s", cm.Name, key)
			}
		}
	}
	for _, p := range pods(m) {
		c := p.spec.Spec.Containers[0]
		checkSecretNames(p, c, bad)
		want := map[string]string{"DATABASE_URL": "DATABASE_URL", "STEADY_SECRET_KEY": "STEADY_SECRET_KEY"}
		if p.role == "migrate" {
			want = map[string]string{"DATABASE_URL": "MIGRATION_DATABASE_URL", "MIGRATION_DATABASE_URL": "MIGRATION_DATABASE_URL"}
		}
		for env, key := range want {
			if ref := secretRef(c, env); ref == nil || ref.Key != key || isTrue(ref.Optional) {
				bad("%s: %s must come from %s key %s, not optional", p.name, env, secretName, key)
			}
		}
		for _, e := range c.Env {
			if p.role != "migrate" && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && e.ValueFrom.SecretKeyRef.Key == "MIGRATION_DATABASE_URL" {
				bad("%s: holds the schema owner's URL in %s", p.name, e.Name)
			}
		}
	}
}

func checkSecretNames(p pod, c corev1.Container, bad report) {
	for _, from := range c.EnvFrom {
		if from.SecretRef != nil && from.SecretRef.Name != secretName {
			bad("%s: envFrom Secret %q, want %q", p.name, from.SecretRef.Name, secretName)
		}
	}
	for _, e := range c.Env {
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && e.ValueFrom.SecretKeyRef.Name != secretName {
			bad("%s: %s from Secret %q, want %q", p.name, e.Name, e.ValueFrom.SecretKeyRef.Name, secretName)
		}
		if e.Value != "" && slices.Contains(secretSettings, e.Name) {
			bad("%s: the secret %s is written into the manifest", p.name, e.Name)
		}
	}
	for _, v := range p.spec.Spec.Volumes {
		if v.Secret != nil && v.Secret.SecretName != secretName {
			bad("%s: mounts Secret %q, want %q", p.name, v.Secret.SecretName, secretName)
		}
	}
}

func secretRef(c corev1.Container, env string) *corev1.SecretKeySelector {
	for _, e := range c.Env {
		if e.Name == env && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			return e.ValueFrom.SecretKeyRef
		}
	}
	return nil
}

// checkConfigRefs: every ConfigMap a pod reads is in the output under that very name (the
// generated name carries a hash; a hand-written reference would miss it).
func checkConfigRefs(m *manifest, bad report) {
	for _, p := range pods(m) {
		c := p.spec.Spec.Containers[0]
		for _, from := range c.EnvFrom {
			if from.ConfigMapRef != nil && (m.configMaps[from.ConfigMapRef.Name] == nil || isTrue(from.ConfigMapRef.Optional)) {
				bad("%s: reads ConfigMap %q, which is not here", p.name, from.ConfigMapRef.Name)
			}
		}
		for _, e := range c.Env {
			if ref := e.ValueFrom; ref != nil && ref.ConfigMapKeyRef != nil {
				if cm := m.configMaps[ref.ConfigMapKeyRef.Name]; cm == nil || cm.Data[ref.ConfigMapKeyRef.Key] == "" {
					bad("%s: %s reads ConfigMap %q key %q, which is not here", p.name, e.Name, ref.ConfigMapKeyRef.Name, ref.ConfigMapKeyRef.Key)
				}
			}
		}
	}
}

// checkSameEnv: serve and worker run the same code on the same settings; a setting added to
// one and forgotten in the other would change what a job does depending on where it runs.
func checkSameEnv(m *manifest, bad report) {
	s, w := podOf(m, "serve").Spec.Containers[0], podOf(m, "worker").Spec.Containers[0]
	if !equality.Semantic.DeepEqual(s.Env, w.Env) || !equality.Semantic.DeepEqual(s.EnvFrom, w.EnvFrom) {
		bad("serve and worker have different environments")
	}
}

// checkShutdownGrace: Kubernetes kills a pod terminationGracePeriodSeconds after it starts
// stopping it (preStop hook included). On SIGTERM serve keeps answering for the drain delay,
// then finishes requests (up to the grace) and then running jobs (up to the grace again); the
// worker only finishes jobs.
func checkShutdownGrace(m *manifest, bad report) {
	grace, err := time.ParseDuration(config(m, "STEADY_SHUTDOWN_GRACE"))
	if err != nil {
		bad("STEADY_SHUTDOWN_GRACE %q: %v", config(m, "STEADY_SHUTDOWN_GRACE"), err)
		return
	}
	drain, err := drainDelay(m)
	if err != nil {
		bad("STEADY_DRAIN_DELAY: %v", err)
		return
	}
	for _, p := range pods(m) {
		need := map[string]time.Duration{"serve": drain + 2*grace, "worker": grace}[p.role]
		if pre := p.spec.Spec.Containers[0].Lifecycle; pre != nil && pre.PreStop != nil {
			if pre.PreStop.Sleep == nil {
				bad("%s: preStop must be a sleep: the image has no shell and serves no hook", p.name)
				continue
			}
			need += time.Duration(pre.PreStop.Sleep.Seconds) * time.Second
		}
		period := int64(corev1.DefaultTerminationGracePeriodSeconds)
		if t := p.spec.Spec.TerminationGracePeriodSeconds; t != nil {
			period = *t
		}
		if p.role != "migrate" && time.Duration(period)*time.Second <= need {
			bad("%s: terminationGracePeriodSeconds %d, but stopping can take %s", p.name, period, need)
		}
	}
}

// drainDelay is STEADY_DRAIN_DELAY, or its default (internal/app/config.go): 5s in production.
func drainDelay(m *manifest) (time.Duration, error) {
	if v := config(m, "STEADY_DRAIN_DELAY"); v != "" {
		return time.ParseDuration(v)
	}
	if config(m, "STEADY_ENV") == "production" {
		return 5 * time.Second, nil
	}
	return 0, nil
}

// checkMigrationJob: the Job ends (it is waited on), never restarts a half-run container in
// place, and is named for its image's tag so each release is a Job of its own.
func checkMigrationJob(m *manifest, bad report) {
	for name, j := range m.jobs {
		s := j.Spec.Template.Spec
		if s.RestartPolicy != corev1.RestartPolicyNever {
			bad("Job %s: restartPolicy %q, want Never (a retry is a fresh pod)", name, s.RestartPolicy)
		}
		if j.Spec.BackoffLimit == nil || j.Spec.ActiveDeadlineSeconds == nil {
			bad("Job %s: needs backoffLimit and activeDeadlineSeconds, so a wait on it ends", name)
		}
		want := "steady-migrate"
		if tag := imageTag(s.Containers[0].Image); tag != "" {
			want += "-" + tag
		}
		if name != want {
			bad("Job %s: want the name %s, after the image's tag", name, want)
		}
		// The Job's name becomes its pods' job-name label: a subdomain and a label value.
		if len(validation.IsDNS1123Subdomain(name))+len(validation.IsValidLabelValue(name)) > 0 {
			bad("Job %s: not a valid Job name (lowercase, at most 63 characters)", name)
		}
	}
}

// imageTag is the tag of an image reference, "" without one (or with a digest).
func imageTag(image string) string {
	if strings.Contains(image, "@") {
		return ""
	}
	last := image[strings.LastIndex(image, "/")+1:]
	if i := strings.LastIndex(last, ":"); i >= 0 {
		return last[i+1:]
	}
	return ""
}
