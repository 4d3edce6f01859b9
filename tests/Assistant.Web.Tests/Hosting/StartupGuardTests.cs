using System.Net;
using System.Security.Cryptography;
using Assistant.Web.Hosting;

namespace Assistant.Web.Tests.Hosting;

/// <summary>
/// Secrets outside Development: the public placeholders and secrets with less than 32 bytes of randomness stop the start
/// with a message naming the key and how to make a good one; Development keeps working with the placeholders.
/// </summary>
public sealed class StartupGuardTests
{
    private const string DirectLineKey = "DirectLine:Secret";
    private const string ParticipantKey = "Participants:KeySecret";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Strong() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void The_estimate_accepts_openssl_output_and_refuses_placeholders_words_and_short_values()
    {
        Assert.True(SecretStrength.IsStrong(Strong()), "openssl rand -base64 32");
        Assert.True(SecretStrength.IsStrong(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))), "openssl rand -hex 32");
        Assert.True(SecretStrength.IsStrong(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')));

        Assert.False(SecretStrength.IsStrong("dev-directline-secret-change-me"));
        Assert.False(SecretStrength.IsStrong("a-production-secret-0123456789abcdef"));
        Assert.False(SecretStrength.IsStrong("x"));
        Assert.False(SecretStrength.IsStrong(new string('a', 200)));
        Assert.False(SecretStrength.IsStrong(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))), "16 bytes are not enough");
        Assert.False(SecretStrength.IsStrong(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))), "24 bytes are not enough");
    }

    [Fact]
    public async Task Staging_refuses_the_public_Direct_Line_placeholder_and_says_how_to_make_a_secret()
    {
        var message = await RefusalAsync("Staging", new() { [DirectLineKey] = "dev-directline-secret-change-me", [ParticipantKey] = Strong() });

        Assert.Contains("DirectLine:Secret is the public development placeholder", message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", message, StringComparison.Ordinal);
        Assert.Contains("DirectLine__Secret", message, StringComparison.Ordinal);
        Assert.DoesNotContain(ParticipantKey, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_refuses_a_one_character_participant_key_secret()
    {
        var message = await RefusalAsync("Production", new() { [DirectLineKey] = Strong(), [ParticipantKey] = "x" });

        Assert.Contains("Participants:KeySecret is too weak", message, StringComparison.Ordinal);
        Assert.Contains("Participants__KeySecret", message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_but_guessable_Direct_Line_secret_is_refused_in_Staging()
    {
        var message = await RefusalAsync("Staging", new() { [DirectLineKey] = "a-production-secret-0123456789abcdef", [ParticipantKey] = Strong() });

        Assert.Contains("DirectLine:Secret is too weak", message, StringComparison.Ordinal);
        Assert.Contains("256 bits", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_shipped_settings_a_Staging_server_names_both_keys_in_one_refusal()
    {
        var message = await RefusalAsync("Staging", []);

        Assert.Contains("DirectLine:Secret is the public development placeholder", message, StringComparison.Ordinal);
        Assert.Contains("Participants:KeySecret is the public development placeholder", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staging_with_strong_secrets_starts()
    {
        await using var factory = new HostedIn("Staging", new() { [DirectLineKey] = Strong(), [ParticipantKey] = Strong() });
        using var client = factory.CreateClient();

        using var ready = await client.GetAsync("/health/ready", Ct);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Development_starts_with_the_placeholders()
    {
        await using var factory = new HostedIn("Development", []);
        using var client = factory.CreateClient();

        using var token = await client.PostAsync("/api/chat/token", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    [Fact]
    public async Task A_trusted_proxy_that_is_not_an_address_stops_the_start_with_the_key_named()
    {
        var message = await RefusalAsync("Development", new()
        {
            ["ForwardedHeaders:KnownProxies:0"] = "nginx",
            ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/33",
        });

        Assert.Contains("ForwardedHeaders:KnownProxies: 'nginx' is not an IP address", message, StringComparison.Ordinal);
        Assert.Contains("ForwardedHeaders:KnownNetworks: '10.0.0.0/33'", message, StringComparison.Ordinal);
    }

    private static async Task<string> RefusalAsync(string environment, Dictionary<string, string?> settings)
    {
        await using var factory = new HostedIn(environment, settings);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        return HostedIn.Flatten(error);
    }
}
