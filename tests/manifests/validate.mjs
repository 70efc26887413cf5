// Reads the output of `kubectl kustomize k8s/` on stdin and checks every object against the official Kubernetes
// schemas (kubernetes-models, offline), then the things KpiMesh's deployment must have. Exit code 1 on any problem.
import { parseAllDocuments } from "yaml";

const input = await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
});

const problems = [];
const objects = [];
for (const document of parseAllDocuments(input)) {
  if (document.errors.length) { problems.push(`YAML: ${document.errors[0].message}`); continue; }
  const object = document.toJS();
  if (!object) continue;
  objects.push(object);
  const { apiVersion, kind } = object;
  const name = `${kind}/${object.metadata?.name}`;
  let model;
  try {
    // Core objects live under "kubernetes-models/v1", the others under their group and version.
    model = (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
  } catch {
    problems.push(`${name}: no schema for ${apiVersion} ${kind}`);
    continue;
  }
  try {
    new model(object).validate();
    console.log(`valid   ${apiVersion} ${name}`);
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
  }
}

const find = (kind, name) => objects.find((o) => o.kind === kind && (!name || o.metadata.name === name));
const require = (condition, what) => { if (!condition) problems.push(`missing: ${what}`); };

const deployment = find("Deployment");
const pod = deployment?.spec.template;
const container = pod?.spec.containers[0];
const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e]));
require(deployment, "a Deployment");
require(container?.livenessProbe?.httpGet?.path === "/health/live", "liveness probe on /health/live (a local check)");
require(container?.readinessProbe?.httpGet?.path === "/health/ready", "readiness probe on /health/ready");
require(container?.resources?.requests?.cpu && container?.resources?.limits?.memory, "resource requests and limits");
for (const name of ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"]) require(env[name], `env ${name} for Orleans' Kubernetes hosting`);
require(env.KPIMESH_POSTGRES?.valueFrom?.secretKeyRef, "the PostgreSQL connection from a Secret");
require(pod?.metadata.labels["orleans/serviceId"] && pod?.metadata.labels["orleans/clusterId"], "orleans/serviceId and orleans/clusterId pod labels");
require(pod?.metadata.annotations?.["prometheus.io/scrape"] === "true", "Prometheus scrape annotations");
// Access: never open to loopback callers (a sidecar proxy makes every caller one), the admin key from a required
// Secret, /metrics scraped on the management port, which no Service exposes.
require(env.Auth__AllowOpenOnLoopback?.value === "false", "Auth__AllowOpenOnLoopback=false");
require(env.KPIMESH_ADMIN_KEY?.valueFrom?.secretKeyRef && !env.KPIMESH_ADMIN_KEY.valueFrom.secretKeyRef.optional, "the admin key from a required Secret");
const management = container?.ports?.find((p) => p.name === "management")?.containerPort;
require(management && env.Management__Port?.value === String(management), "a management port given to the server as Management__Port");
require(pod?.metadata.annotations?.["prometheus.io/port"] === String(management), "Prometheus scraping the management port");
const servicePorts = objects.filter((o) => o.kind === "Service").flatMap((s) => s.spec.ports);
require(management && !servicePorts.some((p) => p.targetPort === "management" || p.targetPort === management || p.port === management),
  "the management port kept out of every Service");
require(env.Logging__Console__FormatterName?.value === "json", "JSON console logs");
// Hardening and placement.
require(pod?.spec.securityContext?.seccompProfile?.type === "RuntimeDefault", "seccompProfile RuntimeDefault");
require(pod?.spec.topologySpreadConstraints?.some((t) => t.topologyKey === "kubernetes.io/hostname"
  && t.labelSelector?.matchLabels?.["app.kubernetes.io/name"] === pod.metadata.labels["app.kubernetes.io/name"]), "topology spread of the pods across nodes");
require((pod?.spec.terminationGracePeriodSeconds ?? 30) <= 30, "a termination grace of at most Kubernetes' 30 s");
const tag = /:([^:/@]+)$/.exec(container?.image ?? "")?.[1];
require(tag && tag !== "latest", `a pinned image tag (got ${container?.image})`);
// RBAC: exactly what Orleans' Kubernetes hosting uses (delete for DeleteDefunctSiloPods), on pods only.
const role = find("Role");
const verbs = role?.rules.find((r) => r.resources.includes("pods"))?.verbs ?? [];
require(role?.rules.length === 1 && role.rules[0].resources.length === 1, "a Role on pods and nothing else");
require(["delete", "get", "list", "patch", "watch"].join() === [...verbs].sort().join(), "a Role on pods with exactly get, watch, list, delete, patch");
require(find("RoleBinding") && find("ServiceAccount") && pod?.spec.serviceAccountName === find("ServiceAccount")?.metadata.name, "the ServiceAccount bound to the Role and used by the pods");
require(find("PodDisruptionBudget"), "a PodDisruptionBudget");
const ports = objects.filter((o) => o.kind === "Service").flatMap((s) => s.spec.ports.map((p) => p.port));
require([80, 11111, 30000].every((p) => ports.includes(p)), "Services for HTTP, silo and gateway ports");
const dashboards = find("ConfigMap", "kpimesh-dashboards");
require(dashboards && Object.keys(dashboards.data).length === 3, "the three dashboards as a ConfigMap");

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${objects.length} objects valid against the Kubernetes schemas, and every required part present`);
