using KpiMesh.Server.Hosting;
using KpiMesh.Server.Seeding;

var app = KpiMeshApp.Build(args);
var startup = app.Services.GetRequiredService<StartupStatus>();
await app.RunAsync();
// A refused --import stops the server; say so to the shell.
return startup.Failed ? 2 : 0;
