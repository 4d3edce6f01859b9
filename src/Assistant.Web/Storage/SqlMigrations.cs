using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Assistant.Web.Storage;

/// <summary>One schema step: its number, the first comment line of its file, and its SQL.</summary>
public sealed record SqlMigration(int Version, string Description, string Sql);

/// <summary>
/// Reads a backend's schema steps from the <c>Migrations/NNN-name.sql</c> files built into this assembly (see the
/// project file). Steps are numbered 1, 2, 3… without gaps; never edit one that has shipped, add the next file.
/// </summary>
public static partial class SqlMigrations
{
    public static IReadOnlyList<SqlMigration> Load(string backend)
    {
        var assembly = typeof(SqlMigrations).Assembly;
        var steps = assembly.GetManifestResourceNames()
            .Select(name => (Name: name, Match: ResourceName().Match(name)))
            .Where(r => r.Match.Success && r.Match.Groups["backend"].Value == backend)
            .Select(r => Read(assembly, r.Name, int.Parse(r.Match.Groups["version"].Value, CultureInfo.InvariantCulture)))
            .OrderBy(s => s.Version)
            .ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"{backend} migrations must be numbered 1, 2, 3… without gaps; found {steps[i].Version} at position {i + 1}.");
            }
        }

        return steps.Count > 0 ? steps : throw new InvalidOperationException($"No {backend} migrations are built into the server.");
    }

    private static SqlMigration Read(Assembly assembly, string resource, int version)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var sql = reader.ReadToEnd();
        var first = sql.Split('\n', 2)[0].Trim();
        var description = first.StartsWith("--", StringComparison.Ordinal) ? first[2..].Trim() : resource;
        return new SqlMigration(version, description, sql);
    }

    [GeneratedRegex(@"^migrations/(?<backend>\w+)/(?<version>\d{3})-[\w-]+\.sql$")]
    private static partial Regex ResourceName();
}
