using KpiMesh.Server.Hosting;

var app = KpiMeshApp.Build(args);
await app.RunAsync();
return Environment.ExitCode;
