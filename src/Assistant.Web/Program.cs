using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Hosting;
using Assistant.Web.Knowledge;
using Assistant.Web.Publications;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

// `dotnet run --project src/Assistant.Web -- staff add <name> --role admin|reviewer`: the staff command, not the server.
if (Assistant.Web.Admin.Cli.StaffCommand.IsStaffCommand(args))
{
    Environment.ExitCode = await Assistant.Web.Admin.Cli.StaffCommand.RunAsync(args);
    return;
}

var builder = WebApplication.CreateBuilder(args);

// The repository's appsettings.json travels with the program; settings from the working directory, the environment
// and the command line still override it.
builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
{
    Path = "appsettings.json",
    Optional = true,
    FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
});
StartupGuard.Check(builder.Environment, builder.Configuration);
// Every request body, form or JSON, is small: larger ones get 413 before anything reads them.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = ApiError.MaxBodyBytes);

builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
});
builder.Services.AddTrustedProxies();
builder.Services.AddMemoryCache();
builder.Services.AddStorage(builder.Configuration);
builder.Services.AddAssistant(builder.Configuration);
builder.Services.AddDirectLine();
builder.Services.AddWebChat(builder.Configuration);
builder.Services.AddPrivacy();
builder.Services.AddTeamQuestions();
builder.Services.AddAnnouncements();
builder.Services.AddTelegram(builder.Configuration);
builder.Services.AddBotConnector(builder.Configuration);
builder.Services.AddPublicRateLimits(builder.Configuration);
builder.Services.AddAssistantHealthChecks();

builder.Services.AddAdmin(builder.Configuration);
builder.Services.AddTelemetry(builder.Configuration);

var app = builder.Build();

app.UseTrustedProxies();
app.UseSecurityHeaders();
app.UseBadRequestStatus();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
app.UseRateLimiter();
app.UseWebChat();

app.MapAssistantHealthChecks();
app.MapChatTokenEndpoints();
app.MapDirectLineEndpoints();
app.MapBotConnectorEndpoints();
app.MapKnowledgeEndpoints();
app.MapTelegramEndpoints();
app.MapPublishedResults();
app.MapAdmin();

app.Run();

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
