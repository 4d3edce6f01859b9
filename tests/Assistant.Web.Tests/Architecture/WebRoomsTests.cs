using Assistant.Web.Storage;
using NetArchTest.Rules;

namespace Assistant.Web.Tests.Architecture;

/// <summary>
/// The web project's rooms: the channels and the staff desk never use each other, and only storage and hosting name
/// SQLite or PostgreSQL types (everything else sees the store contracts).
/// </summary>
public sealed class WebRoomsTests
{
    private static readonly string[] DatabaseNamespaces =
        ["Microsoft.Data.Sqlite", "Npgsql", "Assistant.Web.Storage.Sqlite", "Assistant.Web.Storage.Postgres"];

    [Fact]
    public void Channels_never_use_the_staff_desk()
    {
        var result = Web().That().ResideInNamespace("Assistant.Web.Channels").ShouldNot().HaveDependencyOn("Assistant.Web.Admin").GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_staff_desk_never_uses_the_channels()
    {
        var result = Web().That().ResideInNamespace("Assistant.Web.Admin").ShouldNot().HaveDependencyOn("Assistant.Web.Channels").GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Only_storage_and_hosting_name_database_types()
    {
        var result = Web()
            .That().DoNotResideInNamespace("Assistant.Web.Storage")
            .And().DoNotResideInNamespace("Assistant.Web.Hosting")
            .ShouldNot().HaveDependencyOnAny(DatabaseNamespaces)
            .GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_checks_see_real_dependencies()
    {
        Assert.False(Web().That().ResideInNamespace("Assistant.Web.Storage").ShouldNot().HaveDependencyOnAny(DatabaseNamespaces)
            .GetResult().IsSuccessful);
        Assert.False(Web().That().ResideInNamespace("Assistant.Web.Admin").ShouldNot().HaveDependencyOn("Assistant.Web.Admin.Stores")
            .GetResult().IsSuccessful);
    }

    private static Types Web() => Types.InAssembly(typeof(StoreSet).Assembly);
}
