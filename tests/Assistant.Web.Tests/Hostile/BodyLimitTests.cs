using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Assistant.Web.Tests.Hostile;

/// <summary>Every endpoint refuses a body over 256 KB with 413 before reading it; the JSON APIs say so in their error shape.</summary>
public sealed class BodyLimitTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private AssistantServer _server = null!;

    public ValueTask InitializeAsync()
    {
        _server = AssistantServer.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/api/knowledge/ask")]
    [InlineData("/api/chat/token")]
    public async Task A_json_api_refuses_a_body_over_256_KB_in_its_error_shape(string path)
    {
        var huge = "{\"text\":\"" + new string('а', 300 * 1024) + "\"}";

        var response = await _server.NewClient().PostAsync(path, new StringContent(huge, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]!;
        Assert.Contains("256 KB", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/knowledge/ask")]
    [InlineData("/api/chat/token")]
    public async Task A_json_api_still_answers_a_body_just_under_the_limit(string path)
    {
        var body = "{\"text\":\"ICC\",\"locale\":\"bg\",\"padding\":\"" + new string('x', 200 * 1024) + "\"}";

        var response = await _server.NewClient().PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_form_over_the_limit_is_refused_too()
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "maria",
            ["password"] = new string('p', 300 * 1024),
        });

        var response = await _server.NewClient().PostAsync("/admin/login", form, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
