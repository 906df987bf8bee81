package deploy_test

import (
	"testing"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

// TestRulesCatchBreakage breaks the rendered production overlay one way at a time and checks
// that the rule meant to catch it does. Without this, a rule that never fires would pass.
func TestRulesCatchBreakage(t *testing.T) {
	docs := render(t, productionDir)
	for _, c := range breakages {
		t.Run(c.name, func(t *testing.T) {
			m := mustDecode(t, docs) // a fresh copy for each case
			c.breakIt(m)
			if problems := checkAll(m); len(problems[c.rule]) == 0 {
				t.Errorf("rule %q did not notice (problems found: %v)", c.rule, problems)
			}
		})
	}
}

// The pod specs and policies the cases below break.

func serve(m *manifest) *corev1.PodSpec { return &m.deployments["steady-serve"].Spec.Template.Spec }

func worker(m *manifest) *corev1.PodSpec { return &m.deployments["steady-worker"].Spec.Template.Spec }

func migrate(m *manifest) *corev1.PodSpec { return &podOf(m, "migrate").Spec }

func netpol(m *manifest, name string) *networkingv1.NetworkPolicySpec { return &m.netpols[name].Spec }

var breakages = []struct {
	name    string
	rule    string
	breakIt func(m *manifest)
}{
	{"serve runs as root", "pod security", func(m *manifest) { serve(m).SecurityContext.RunAsUser = ptr.To[int64](0) }},
	{"worker root filesystem writable", "pod security", func(m *manifest) {
		worker(m).Containers[0].SecurityContext.ReadOnlyRootFilesystem = ptr.To(false)
	}},
	{"migrate may escalate", "pod security", func(m *manifest) {
		migrate(m).Containers[0].SecurityContext.AllowPrivilegeEscalation = nil
	}},
	{"worker keeps a capability", "pod security", func(m *manifest) {
		worker(m).Containers[0].SecurityContext.Capabilities.Add = []corev1.Capability{"NET_BIND_SERVICE"}
	}},
	{"serve without seccomp", "pod security", func(m *manifest) { serve(m).SecurityContext.SeccompProfile = nil }},
	{"worker without a memory limit", "resources", func(m *manifest) {
		delete(worker(m).Containers[0].Resources.Limits, corev1.ResourceMemory)
	}},
	{"migrate runs serve", "commands", func(m *manifest) { migrate(m).Containers[0].Args = []string{"serve"} }},
	{"worker on another image", "commands", func(m *manifest) { worker(m).Containers[0].Image = "steady:other" }},
	{"readiness on /healthz", "probes", func(m *manifest) { serve(m).Containers[0].ReadinessProbe.HTTPGet.Path = "/healthz" }},
	{"liveness on the wrong port", "probes", func(m *manifest) {
		serve(m).Containers[0].LivenessProbe.HTTPGet.Port = intstr.FromInt32(9090)
	}},
	{"worker probed over HTTP", "probes", func(m *manifest) {
		worker(m).Containers[0].LivenessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{
			HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromInt32(8080)}}}
	}},
	{"worker not spread over zones", "spread", func(m *manifest) { worker(m).TopologySpreadConstraints = worker(m).TopologySpreadConstraints[1:] }},
	{"PDB selects nothing", "disruption budgets", func(m *manifest) {
		m.pdbs["steady-worker"].Spec.Selector.MatchLabels["app.kubernetes.io/component"] = "workers"
	}},
	{"HPA targets the worker", "autoscaling", func(m *manifest) { m.hpas["steady-serve"].Spec.ScaleTargetRef.Name = "steady-worker" }},
	{"serve sets replicas under an HPA", "autoscaling", func(m *manifest) { m.deployments["steady-serve"].Spec.Replicas = ptr.To[int32](3) }},
	{"HPA on autoscaling's one replica", "autoscaling", func(m *manifest) {
		m.hpas["steady-serve"].Spec.MinReplicas = ptr.To[int32](1)
		m.hpas["steady-serve"].Spec.Metrics = []autoscalingv2.MetricSpec{}
	}},
	{"Service selects the worker too", "service", func(m *manifest) {
		delete(m.services["steady"].Spec.Selector, "app.kubernetes.io/component")
	}},
	{"Service to the wrong port", "service", func(m *manifest) { m.services["steady"].Spec.Ports[0].TargetPort = intstr.FromInt32(8081) }},
	{"serve listens elsewhere", "service", func(m *manifest) { serve(m).Containers[0].Ports[0].ContainerPort = 8081 }},
	{"Ingress without TLS", "ingress", func(m *manifest) { m.ingresses["steady"].Spec.TLS = nil }},
	{"Ingress to a port the Service lacks", "ingress", func(m *manifest) {
		m.ingresses["steady"].Spec.Rules[0].HTTP.Paths[0].Backend.Service.Port.Name = "https"
	}},
	{"worker without a NetworkPolicy", "network policies", func(m *manifest) { delete(m.netpols, "steady-worker") }},
	{"serve open to every namespace", "network policies", func(m *manifest) {
		netpol(m, "steady-serve").Ingress[0].From[0].NamespaceSelector.MatchLabels = nil
	}},
	{"worker reaches port 25", "network policies", func(m *manifest) {
		np := netpol(m, "steady-worker")
		np.Egress[2].Ports = append(np.Egress[2].Ports, networkingv1.NetworkPolicyPort{Port: ptr.To(intstr.FromInt32(25))})
	}},
	{"migrate reaches every port", "network policies", func(m *manifest) {
		np := netpol(m, "steady-migrate")
		np.Egress = append(np.Egress, networkingv1.NetworkPolicyEgressRule{})
	}},
	{"a policy for every pod lets all in", "network policies", func(m *manifest) {
		m.netpols["allow-all"] = &networkingv1.NetworkPolicy{Spec: networkingv1.NetworkPolicySpec{
			PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress},
			Ingress:     []networkingv1.NetworkPolicyIngressRule{{}}}}
	}},
	{"worker reads another Secret", "secrets", func(m *manifest) {
		worker(m).Containers[0].Env[0].ValueFrom.SecretKeyRef.Name = "steady"
	}},
	{"serve holds the owner's URL", "secrets", func(m *manifest) {
		serve(m).Containers[0].Env[0].ValueFrom.SecretKeyRef.Key = "MIGRATION_DATABASE_URL"
	}},
	{"a secret in the ConfigMap", "secrets", func(m *manifest) {
		for _, cm := range m.configMaps {
			cm.Data["STEADY_SECRET_KEY"] = "c2VjcmV0"
		}
	}},
	{"a secret written inline", "secrets", func(m *manifest) {
		migrate(m).Containers[0].Env = append(migrate(m).Containers[0].Env, corev1.EnvVar{Name: "SMTP_PASSWORD", Value: "x"})
	}},
	{"ConfigMap name without its hash", "config refs", func(m *manifest) {
		worker(m).Containers[0].EnvFrom[0].ConfigMapRef.Name = "steady-config"
	}},
	{"a setting only serve has", "same env", func(m *manifest) {
		serve(m).Containers[0].Env = append(serve(m).Containers[0].Env, corev1.EnvVar{Name: "TWILIO_FROM", Value: "+15550100"})
	}},
	{"serve killed mid-drain", "shutdown grace", func(m *manifest) { serve(m).TerminationGracePeriodSeconds = ptr.To[int64](30) }},
	{"worker killed as its grace ends", "shutdown grace", func(m *manifest) { worker(m).TerminationGracePeriodSeconds = ptr.To[int64](25) }},
	{"an exec preStop", "shutdown grace", func(m *manifest) {
		serve(m).Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{
			Exec: &corev1.ExecAction{Command: []string{"sleep", "5"}}}}
	}},
	{"a preStop sleep eating the grace", "shutdown grace", func(m *manifest) {
		serve(m).Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{
			Sleep: &corev1.SleepAction{Seconds: 15}}}
	}},
	{"a long drain delay", "shutdown grace", func(m *manifest) {
		for _, cm := range m.configMaps {
			cm.Data["STEADY_DRAIN_DELAY"] = "20s"
		}
	}},
	{"Job name without the tag", "migration job", func(m *manifest) {
		for name, j := range m.jobs {
			delete(m.jobs, name)
			m.jobs["steady-migrate"] = j
		}
	}},
	{"Job restarts in place", "migration job", func(m *manifest) { migrate(m).RestartPolicy = corev1.RestartPolicyOnFailure }},
	{"Job that can run forever", "migration job", func(m *manifest) {
		for _, j := range m.jobs {
			j.Spec.ActiveDeadlineSeconds = nil
		}
	}},
	{"a third Deployment", "inventory", func(m *manifest) { m.deployments["steady-extra"] = m.deployments["steady-worker"] }},
}
