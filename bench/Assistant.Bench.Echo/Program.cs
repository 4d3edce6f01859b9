using Assistant.Bench.Echo;

// A minimal, in-memory Direct Line 3.0 echo server and a no-op endpoint: the protocol ceiling of the machine, measured
// side by side with the real server in the service benchmarks (see BENCHMARKS.md). It does the same protocol work per
// turn (JSON in, JSON out, the activity echoed and a bot reply over the WebSocket) and nothing else: no storage, no
// dialogs, and no authentication beyond "a Bearer header is present".

// The content root is the program's own folder, so the repository's appsettings.json (the real server's) is not read.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5100");
}

builder.Logging.ClearProviders();
builder.Services.AddSingleton<EchoConversations>();

var app = builder.Build();
app.UseWebSockets();
app.MapGet("/noop", () => "ok");
app.MapEchoEndpoints();
app.Run();
