using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>
/// Commands kept per connection for the statements the group-commit writer runs on every turn, so SQLite compiles each
/// of them once per connection instead of on every call (Microsoft.Data.Sqlite keeps a compiled statement per
/// <see cref="SqliteCommand"/>, and only while its text does not change). Only for a connection one caller uses at a
/// time (the writer's); the commands are not disposed by the caller, and closing the connection finalizes them.
/// </summary>
internal static class SqliteStatements
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Commands = new();

    /// <summary>The connection's command for this text, in the given transaction, with no parameters.</summary>
    public static SqliteCommand Get(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var commands = Commands.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }
}
