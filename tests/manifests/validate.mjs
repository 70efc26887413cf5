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
const role = find("Role");
const verbs = role?.rules.find((r) => r.resources.includes("pods"))?.verbs ?? [];
require(["get", "watch", "list", "delete", "patch"].every((v) => verbs.includes(v)), "a Role on pods with get, watch, list, delete, patch");
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
